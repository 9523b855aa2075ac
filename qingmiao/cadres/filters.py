"""The cadre list's filters, shared by the page and the API so both filter the same way."""

from datetime import date

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping

from .models import Cadre, CodeItem, CodeTable, OrgUnit, Tag

EDUCATION_LEVELS = [
    ("1", _("研究生")),
    ("2", _("大学本科")),
    ("3", _("大学专科")),
    ("4", _("中专及以下")),
]

GENERATIONS = [
    ("00", _("00后")),
    ("95", _("95后")),
    ("90", _("90后")),
    ("85", _("85后")),
    ("80", _("80后")),
    ("70", _("80前")),
]


def generation_of(year: int) -> str:
    """The GENERATIONS value a birth year falls in (the home page links its bands with it)."""
    if year >= 2000:
        return "00"
    if year < 1980:
        return "70"
    return f"{year - year % 5 - 1900:02d}"


def search_q(text: str) -> Q:
    """张伟 → name contains; zhangwei / zw → pinyin or initials prefix (both indexed)."""
    text = text.strip()
    if not text:
        return Q()
    if text.isascii():
        key = "".join(ch for ch in text.lower() if ch.isalpha())
        if not key:
            return Q(pk__in=[])
        return prefix_q("name_pinyin", key) | prefix_q("name_initials", key)
    return Q(name__contains=text)


def prefix_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix` (lower-case ASCII), written as a range so that any
    database uses the column's index (SQLite's LIKE is case-insensitive and cannot)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def _years_ago(years: int) -> date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


class CadreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/拼音"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"), queryset=OrgUnit.objects.none(), method="filter_unit"
    )
    # Bounded: an age far beyond a lifetime would make a birth date before year 1.
    age_min = django_filters.NumberFilter(
        label=_("年龄自"), method="filter_age_min", min_value=0, max_value=150
    )
    age_max = django_filters.NumberFilter(
        label=_("年龄至"), method="filter_age_max", min_value=0, max_value=150
    )
    generation = django_filters.ChoiceFilter(
        label=_("年龄段"), choices=GENERATIONS, method="filter_generation"
    )
    education = django_filters.ChoiceFilter(
        label=_("最高学历"), choices=EDUCATION_LEVELS, method="filter_education"
    )
    political_status = django_filters.ModelChoiceFilter(
        label=_("政治面貌"), queryset=CodeItem.objects.of(CodeTable.POLITICAL)
    )
    rank = django_filters.ModelChoiceFilter(
        label=_("职务职级"), queryset=CodeItem.objects.of(CodeTable.RANK)
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("标签"), queryset=Tag.objects.all(), field_name="tags"
    )
    sort = django_filters.OrderingFilter(
        label=_("排序"),
        fields=(
            ("name_pinyin", "name"),
            ("birth_date", "birth_date"),
            ("unit__path", "unit"),
            ("rank__sort", "rank"),
            ("hire_date", "hire_date"),
        ),
        field_labels={
            "name_pinyin": _("姓名"),
            "birth_date": _("出生年月"),
            "unit__path": _("单位"),
            "rank__sort": _("职级"),
            "hire_date": _("录用时间"),
        },
    )

    class Meta:
        model = Cadre
        fields = ["q", "unit", "political_status", "rank", "tag"]

    # The page's drop-downs send a code's row id; the API names a code by its value
    # (`political_status=01`, `rank=R21`) as its records do.
    CODE_FILTERS = ("political_status", "rank")

    def __init__(self, *args, user=None, codes_by_value: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")
        if codes_by_value:
            for name in self.CODE_FILTERS:
                self.filters[name].extra["to_field_name"] = "code"

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value))

    def filter_unit(self, queryset, name, unit):
        return queryset.filter(unit__path__startswith=unit.path)

    def filter_age_min(self, queryset, name, value):
        # Age ≥ n ⇔ born on or before today minus n years.
        return queryset.filter(birth_date__lte=_years_ago(int(value)))

    def filter_age_max(self, queryset, name, value):
        # Age ≤ n ⇔ born after today minus (n + 1) years.
        return queryset.filter(birth_date__gt=_years_ago(int(value) + 1))

    def filter_generation(self, queryset, name, value):
        if value == "70":
            return queryset.filter(birth_date__lt=date(1980, 1, 1))
        if value == "00":
            return queryset.filter(birth_date__gte=date(2000, 1, 1))
        start = 1900 + int(value)
        return queryset.filter(
            birth_date__gte=date(start, 1, 1), birth_date__lt=date(start + 5, 1, 1)
        )

    def filter_education(self, queryset, name, value):
        # The higher of the full-time and in-service 学历 decides (GB/T 4658: a smaller first
        # digit is higher); "4" stands for 中专 and everything below it.
        level = ("4", "6", "7", "8", "9") if value == "4" else (value,)
        higher = [str(d) for d in range(1, int(value))]
        queryset = queryset.filter(_education_starts_with(level))
        return queryset.exclude(_education_starts_with(higher)) if higher else queryset


def _education_starts_with(prefixes) -> Q:
    """Full-time or in-service 学历 code starts with one of `prefixes`."""
    q = Q()
    for p in prefixes:
        q |= Q(fulltime_education__code__startswith=p) | Q(inservice_education__code__startswith=p)
    return q
