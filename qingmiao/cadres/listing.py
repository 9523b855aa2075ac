"""The cadre list's page of rows, read in a fixed, small number of cheap queries.

A row shows five code values (gender, 学历, 学位, 政治面貌, 职级) and the unit. Joining the code
table five times made PostgreSQL spend longer planning the query than running it, so the page's
rows are read from the cadre table with its unit only (one join, also needed to sort by unit),
and the few code rows the page points at are read in one query by id and attached to each row.
Queries per page: count, rows, codes, tags — the same whatever the page size.
"""

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.translation import gettext

from .filters import EDUCATION_LEVELS, GENERATIONS
from .models import Cadre, CodeItem, CodeTable, Tag

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


def unit_options(filterset) -> list[tuple[int, str, bool]]:
    """The unit drop-down's options (id, indented name, chosen), worked out once here rather
    than by three template look-ups and two string conversions per unit."""
    chosen = str(filterset.form["unit"].value() or "")
    return [
        (unit.pk, "\u3000" * max(unit.depth - 1, 0) + unit.name, str(unit.pk) == chosen)
        for unit in filterset.filters["unit"].queryset
    ]


# The drop-downs after the unit, in the order the form shows them.
SELECTS = ("generation", "education", "political_status", "rank", "tag")


def select_options(filterset) -> list[tuple]:
    """Each drop-down's (name, label, options), options as (value, label, chosen) with "全部"
    first. A model choice field asks for a COUNT and then opens a cursor for each list; here
    both code tables are read in one plain query and the tags in another."""
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
    everything = gettext("全部")
    selects = []
    for name in SELECTS:
        # As the form compared them: the submitted text against each value as text.
        chosen = str(filterset.form[name].value())
        options = [("", everything, chosen == "")]
        options += [(value, label, str(value) == chosen) for value, label in choices[name]]
        selects.append((name, filterset.filters[name].label, options))
    return selects
