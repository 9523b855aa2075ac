// Qingmiao page behaviour. No inline scripts anywhere (the CSP forbids them): pages declare
// what they need with data- attributes and this file wires it up.
(function () {
  "use strict";

  // htmx requests carry the CSRF token.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) event.detail.headers["X-CSRFToken"] = token.content;
  });

  // Forms (or one of their buttons) that ask before submitting: data-confirm="question".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.dataset && button.dataset.confirm) ||
      (form.dataset && form.dataset.confirm);
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Charts: <div class="qm-chart" data-chart="bar|pie|funnel" data-source="id-of-json-script">,
  // the JSON being a list of [label, value] pairs. The numbers are always shown beside the chart.
  function drawCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll(".qm-chart[data-source]").forEach(function (el) {
      var source = document.getElementById(el.dataset.source);
      // Charts in a hidden tab are drawn when the tab is shown (they have no size before).
      if (!source || el.dataset.drawn || el.offsetParent === null) return;
      el.dataset.drawn = "1";
      var small = el.classList.contains("qm-chart-sm");
      var rows = JSON.parse(source.textContent);
      var labels = Array.isArray(rows) ? rows.map(function (r) { return r[0]; }) : [];
      var values = Array.isArray(rows) ? rows.map(function (r) { return r[1]; }) : [];
      var chart = echarts.init(el, null, { renderer: "svg" });
      var option;
      if (el.dataset.chart === "funnel") {
        // Steps of a selection in order (applied → eligible → each stage), widest first.
        option = {
          tooltip: { trigger: "item", formatter: "{b}: {c}" },
          color: ["#155c39", "#1f7a4d", "#2e8b5e", "#3f9c6f", "#56ad82", "#70bd96", "#8ccdab", "#a9dcc0", "#c6ead5"],
          series: [{ type: "funnel", left: "3%", width: "58%", top: 10, bottom: 10,
            min: 0, max: Math.max.apply(null, values.concat([1])), minSize: "6%",
            sort: "none", gap: 2,
            label: { show: true, position: "right", formatter: "{b}：{c}", color: "#2c3a33" },
            labelLine: { show: true, length: 12 },
            data: rows.map(function (r) { return { name: r[0], value: r[1] }; }) }],
        };
      } else if (el.dataset.chart === "pie") {
        // A row's third element, when given, is its share as the table beside prints it
        // (rounded half up on the server), so the chart never shows a different figure.
        var share = function (p) { return p.data.pct || (p.percent + "%"); };
        option = {
          tooltip: { trigger: "item", formatter: function (p) { return p.name + ": " + p.value + "（" + share(p) + "）"; } },
          // Labels sit outside a smaller ring, leaving room inside the box so none is cut off;
          // labels that would overlap are hidden (the table lists every figure).
          series: [{ type: "pie", radius: small ? ["30%", "52%"] : ["35%", "62%"], center: ["50%", "50%"],
            avoidLabelOverlap: true, labelLayout: { hideOverlap: true }, minShowLabelAngle: 6,
            data: rows.map(function (r) { return { name: r[0], value: r[1], pct: r[2] }; }),
            label: small ? { show: true, position: "outside", formatter: function (p) { return p.name + "\n" + share(p); }, fontSize: 11, lineHeight: 13, overflow: "truncate", width: 70 }
                         : { formatter: "{b}: {c}" },
            labelLine: small ? { show: true, length: 6, length2: 6 } : { show: true } }],
        };
        if (small) option.color = ["#1f7a4d", "#e0a526", "#3d7ab8", "#c0504d", "#8e7cc3", "#6fb58f", "#9aa8a1"];
      } else if (el.dataset.chart === "multi") {
        // {labels: [...], series: [{name, data, type?, axis?}], urls: [...]}: grouped bars (and a
        // line on a second axis for a rate), each category opening the list behind it.
        var spec = rows;
        var crowdedMulti = spec.labels.length > 6;
        var twoAxes = spec.series.some(function (s) { return s.axis === 1; });
        option = {
          tooltip: { trigger: "axis" },
          legend: { top: 0 },
          color: ["#1f7a4d", "#e0a526", "#3d7ab8", "#c0504d", "#8e7cc3"],
          grid: { left: 44, right: twoAxes ? 44 : 10, top: 34, bottom: crowdedMulti ? 52 : 30 },
          xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: crowdedMulti ? 35 : 0 } },
          yAxis: [{ type: "value", minInterval: 1 }].concat(twoAxes ? [{ type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }] : []),
          series: spec.series.map(function (s) {
            return { name: s.name, type: s.type || "bar", yAxisIndex: s.axis || 0, data: s.data,
              label: { show: (s.type || "bar") === "bar" && spec.labels.length <= 8, position: "top" } };
          }),
        };
        labels = spec.labels;
        el.dataset.urls = JSON.stringify(spec.urls || []);
      } else if (el.dataset.chart === "radar") {
        // {indicators: [{name, max}], series: [{name, data}]}: a cadre's dimensions against
        // the cohort's average (the numbers are in the table beside it).
        option = {
          tooltip: { trigger: "item" },
          legend: { top: 0 },
          color: ["#1f7a4d", "#e0a526"],
          radar: { indicator: rows.indicators, radius: small ? "55%" : "62%", center: ["50%", "57%"] },
          series: [{ type: "radar", data: rows.series.map(function (s) { return { name: s.name, value: s.data }; }) }],
        };
        el.dataset.urls = "[]";
      } else {
        var crowded = labels.length > 4;
        option = {
          tooltip: { trigger: "axis" },
          grid: { left: 40, right: 10, top: 20, bottom: crowded ? 48 : 30 },
          xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: crowded ? 35 : 0, fontSize: small ? 11 : 12 } },
          yAxis: { type: "value", minInterval: 1 },  // counts of people: whole numbers only
          series: [{ type: "bar", data: values, itemStyle: { color: "#1f7a4d" }, label: { show: true, position: "top" } }],
        };
      }
      chart.setOption(option);
      // A bar opens the list behind it: the third element of a [label, value, url] row, or the
      // multi chart's urls by category.
      var urls = el.dataset.urls ? JSON.parse(el.dataset.urls)
        : (el.dataset.chart === "pie" ? [] : rows.map(function (r) { return r[2]; }));
      if (urls.some(Boolean)) {
        chart.on("click", function (p) { if (urls[p.dataIndex]) window.location.href = urls[p.dataIndex]; });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  drawCharts(document);

  // <select data-autosubmit>: changing it submits its form (a filter or a method choice).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) el.form.requestSubmit(); else el.form.submit();
    }
  });

  // <input type="checkbox" data-check-all="name">: ticks every visible box of that name in
  // the same form (rows hidden by a list filter are left alone).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.dataset || !el.dataset.checkAll) return;
    var scope = el.form || document;
    scope.querySelectorAll('input[type="checkbox"][name="' + el.dataset.checkAll + '"]').forEach(function (box) {
      var item = box.closest("[data-filter-text]");
      if (box.disabled || (item && item.classList.contains("d-none"))) return;
      box.checked = el.checked;
    });
  });

  // <input data-filter-list="#list">: shows only the list's [data-filter-text] items that
  // contain what was typed.
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!el.dataset || !el.dataset.filterList) return;
    var list = document.querySelector(el.dataset.filterList);
    if (!list) return;
    var text = el.value.trim().toLowerCase();
    list.querySelectorAll("[data-filter-text]").forEach(function (item) {
      var match = !text || item.dataset.filterText.toLowerCase().indexOf(text) !== -1;
      item.classList.toggle("d-none", !match);
    });
  });

  // <button data-copy="#input" data-copied="已复制">: copies the input's value.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var source = document.querySelector(button.dataset.copy);
    if (!source) return;
    var done = function () {
      var before = button.innerHTML;
      button.textContent = button.dataset.copied || "✓";
      window.setTimeout(function () { button.innerHTML = before; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done);
    } else {
      source.select();
      document.execCommand("copy");
      done();
    }
  });

  // <button data-print>: prints the page (a sheet of ballot slips, for instance).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) window.print();
  });

  // [data-sortable] lists: the ↑/↓ buttons of an item move it, so that the order in which
  // its inputs are sent is the order chosen (tie-break rules, for instance).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-move]") : null;
    if (!button) return;
    var item = button.closest("[data-sortable-item]");
    if (!item) return;
    if (button.dataset.move === "up" && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (button.dataset.move === "down" && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    }
    button.focus();
  });

  // The cut: a row whose tick differs from what the rule proposed is marked as an adjustment.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.dataset || box.dataset.proposed === undefined) return;
    var row = box.closest("[data-adjust-row]");
    if (!row) return;
    var changed = box.checked !== (box.dataset.proposed === "1");
    row.classList.toggle("table-warning", changed);
    row.classList.toggle("table-success", box.checked && !changed);
    var reason = row.querySelector('input[name^="reason_"]');
    if (reason && changed && !reason.value) reason.focus();
  });
  document.body.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
  document.addEventListener("shown.bs.tab", function (event) {
    var pane = document.querySelector(event.target.dataset.bsTarget || event.target.getAttribute("href"));
    if (pane) drawCharts(pane);
  });
})();
