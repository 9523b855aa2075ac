"""The cadre list's page of rows, read in a fixed, small number of cheap queries.

A row shows five code values (gender, 学历, 学位, 政治面貌, 职级) and the unit. Joining the code
table five times made PostgreSQL spend longer planning the query than running it, so the page's
rows are read from the cadre table with its unit only (one join, also needed to sort by unit),
and the few code rows the page points at are read in one query by id and attached to each row.
Queries per page: count, rows, codes, tags — the same whatever the page size.
"""

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from qingmiao.core.versions import Snapshot

from .filters import EDUCATION_LEVELS, GENERATIONS
from .models import Cadre, CodeItem, CodeTable, Tag
from .models.cadre import generation_band
from .monthdate import format_month

# The columns a list row shows, and what sorting and the codes need; nothing else is read.
ROW_FIELDS = (
    "id",
    "name",
    "name_pinyin",
    "birth_date",
    "post",
    "unit__name",
    "unit__path",
    *(f"{code}_id" for code in ("gender", "fulltime_education", "fulltime_degree")),
    "political_status_id",
    "rank_id",
)
ROW_CODES = ("gender", "fulltime_education", "fulltime_degree", "political_status", "rank")


class CadreListPaginator(Paginator):
    """Pages of the list; the count (an exact COUNT over every cadre in scope, the page's
    costliest query at city scale) is cached until cadre data changes."""

    def __init__(self, object_list, per_page, snapshot: Snapshot):
        super().__init__(object_list, per_page)
        self.snapshot = snapshot

    @cached_property
    def count(self) -> int:
        return self.snapshot.count(self.object_list)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        queryset = self.object_list.select_related(None).select_related("unit").only(*ROW_FIELDS)
        rows = list(queryset[bottom:top]) if top > bottom else []
        attach_codes(rows)
        return self._get_page(rows, number, self)


def attach_codes(rows: list[Cadre]) -> None:
    """Read the code rows the page's cadres point at in one query and cache each on its row,
    so `cadre.gender.name` in the template reads no more."""
    fields = [Cadre._meta.get_field(name) for name in ROW_CODES]
    ids = {getattr(row, field.attname) for row in rows for field in fields} - {None}
    codes = CodeItem.objects.in_bulk(ids) if ids else {}
    for row in rows:
        for field in fields:
            code_id = getattr(row, field.attname)
            field.set_cached_value(row, codes.get(code_id) if code_id is not None else None)


def detail_prefix() -> str:
    """The path every cadre page starts with ("/cadres/"), so a row's link is the prefix and
    its id instead of one URL resolution per row."""
    return reverse("cadres:detail", args=[0])[: -len("0/")]


OPTION = '<option value="{}" >{}</option>'


def _choose(options: str, chosen: str) -> SafeString:
    """Mark the option whose value is `chosen` (as the form compared them: text against text)
    selected, in HTML rendered once for every reader."""
    needle = f'<option value="{escape(chosen)}" >'
    return mark_safe(options.replace(needle, needle[:-1] + "selected>", 1))  # noqa: S308


def unit_options(filterset, snapshot: Snapshot) -> SafeString:
    """The unit drop-down's options (indented names), rendered in Python once per scope and
    cached until the tree changes; the chosen unit is marked on the cached HTML."""
    units = filterset.filters["unit"].queryset.values_list("pk", "depth", "name")

    def render() -> str:
        return format_html_join(
            "", OPTION, ((pk, "\u3000" * max(depth - 1, 0) + name) for pk, depth, name in units)
        )

    html = snapshot.cached("unit-options", render, units)
    return _choose(html, str(filterset.form["unit"].value() or ""))


# The drop-downs after the unit, in the order the form shows them.
SELECTS = ("generation", "education", "political_status", "rank", "tag")


def _choice_lists() -> dict[str, str]:
    """Each drop-down's options as HTML (without "全部"). A model choice field asks for a COUNT
    and then opens a cursor for each list; here both code tables are read in one plain query
    and the tags in another."""
    codes: dict[str, list] = {CodeTable.POLITICAL: [], CodeTable.RANK: []}
    rows = CodeItem.objects.filter(table__in=tuple(codes), is_active=True)
    for pk, table, short_name, name in rows.values_list("pk", "table", "short_name", "name"):
        codes[table].append((pk, short_name or name))
    choices = {
        "generation": [(value, str(label)) for value, label in GENERATIONS],
        "education": [(value, str(label)) for value, label in EDUCATION_LEVELS],
        "political_status": codes[CodeTable.POLITICAL],
        "rank": codes[CodeTable.RANK],
        "tag": list(Tag.objects.values_list("pk", "name")),
    }
    return {name: str(format_html_join("", OPTION, choices[name])) for name in SELECTS}


def select_options(filterset, snapshot: Snapshot) -> list[tuple]:
    """Each drop-down's (name, label, options HTML) with "全部" first. The options are the same
    for every reader, so they are rendered once per language and cached until a code or a
    tag changes (both tables are under the cadre data version)."""
    lists = snapshot.cached("list-choices", _choice_lists, language=get_language())
    everything = format_html(OPTION, "", gettext("全部"))
    selects = []
    for name in SELECTS:
        # As the form compared them: the submitted text against each value as text.
        chosen = str(filterset.form[name].value())
        html = _choose(everything + lists[name], chosen)
        selects.append((name, filterset.filters[name].label, html))
    return selects


ROW_HTML = (
    "<tr>\n"
    '        <td class="text-nowrap"><a href="{prefix}{pk}/" class="fw-semibold">{name}</a></td>\n'
    '        <td class="text-nowrap">{gender}</td>\n'
    '        <td class="text-nowrap">{month}</td>\n'
    '        <td class="text-nowrap">{age}<span class="badge text-bg-light ms-1">{band}</span>'
    "</td>\n"
    '        <td class="text-nowrap">{education}</td>\n'
    '        <td class="text-nowrap">{political}</td>\n'
    "        <td>{unit}</td>\n"
    '        <td class="text-truncate qm-maxw-14" title="{post}">{post}</td>\n'
    '        <td class="text-nowrap">{rank}</td>\n'
    "        <td>{tags}</td>\n"
    "      </tr>"
)
TAG_HTML = '<span class="badge text-bg-secondary me-1">{}</span>'


def rows_html(rows: list[Cadre], prefix: str) -> list[SafeString]:
    """Each row's table row, written here rather than by the template: a row has a dozen
    values, and the template engine's look-up and escaping of each cost more than the page's
    row query. Every value is escaped as the template would."""
    today = timezone.localdate()
    html = []
    for c in rows:
        education = c.fulltime_education.form_name if c.fulltime_education else ""
        if c.fulltime_degree:
            education = format_html("{}·{}", education, c.fulltime_degree.name)
        html.append(
            format_html(
                ROW_HTML,
                prefix=prefix,
                pk=c.pk,
                name=c.name,
                gender=c.gender.name if c.gender else "",
                month=format_month(c.birth_date),
                age=str(c.age_on(today)),
                band=generation_band(c.birth_date),
                education=education,
                political=c.political_status.short_name if c.political_status else "",
                unit=c.unit.name,
                post=c.post,
                rank=c.rank.name if c.rank else "",
                tags=format_html_join("", TAG_HTML, ((t.name,) for t in c.tags.all())),
            )
        )
    return html
