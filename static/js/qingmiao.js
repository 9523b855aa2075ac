// Qingmiao page behaviour. No inline scripts anywhere (the CSP forbids them): pages declare
// what they need with data- attributes and this file wires it up.
(function () {
  "use strict";

  // htmx requests carry the CSRF token.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) event.detail.headers["X-CSRFToken"] = token.content;
  });

  // Forms that ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Charts: <div class="qm-chart" data-chart="bar|pie" data-source="id-of-json-script">,
  // the JSON being a list of [label, value] pairs. The numbers are always shown beside the chart.
  function drawCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll(".qm-chart[data-source]").forEach(function (el) {
      var source = document.getElementById(el.dataset.source);
      if (!source) return;
      var rows = JSON.parse(source.textContent);
      var labels = rows.map(function (r) { return r[0]; });
      var values = rows.map(function (r) { return r[1]; });
      var chart = echarts.init(el, null, { renderer: "svg" });
      var option;
      if (el.dataset.chart === "pie") {
        option = {
          tooltip: { trigger: "item" },
          series: [{ type: "pie", radius: ["35%", "70%"],
            data: rows.map(function (r) { return { name: r[0], value: r[1] }; }),
            label: { formatter: "{b}: {c}" } }],
        };
      } else {
        option = {
          tooltip: { trigger: "axis" },
          grid: { left: 40, right: 10, top: 20, bottom: 30 },
          xAxis: { type: "category", data: labels },
          yAxis: { type: "value" },
          series: [{ type: "bar", data: values, itemStyle: { color: "#1f7a4d" }, label: { show: true, position: "top" } }],
        };
      }
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  drawCharts(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
})();
