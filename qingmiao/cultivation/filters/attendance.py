"""The attendance area's list filters, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.cadres.filters import search_q
from qingmiao.cadres.models import OrgUnit
from qingmiao.selection.models import Program

from ..models import MakeUpRequest, Session
from ..selectors import hours_progress

SESSION_SORTS = {"starts_at": "starts_at", "title": "course__title", "attended": "attended"}
MAKEUP_SORTS = {"submitted_at": "submitted_at", "name": "cadre__name_pinyin"}
PROGRESS_SORTS = {"name": "name_pinyin", "done": "done", "short": "short"}
HOURS_SORTS = {
    "name": "name_pinyin",
    "attended": "attended",
    "made_up": "made_up",
    "done": "done",
    "short": "short",
}


def sorted_by(queryset, sort: str, allowed: dict, default: list[str]):
    field = allowed.get(sort.lstrip("-")) if sort else None
    if field is None:
        return queryset.order_by(*default)
    prefix = "-" if sort.startswith("-") else ""
    return queryset.order_by(f"{prefix}{field}", "pk")


class SessionFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("培养项目"), queryset=Program.objects.none(), field_name="programs"
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Session.Status.choices)
    mode = django_filters.ChoiceFilter(label=_("形式"), choices=Session.Mode.choices)
    date_from = django_filters.DateFilter(
        label=_("开始日期自"), field_name="starts_at", lookup_expr="date__gte"
    )
    date_to = django_filters.DateFilter(
        label=_("至"), field_name="starts_at", lookup_expr="date__lte"
    )
    q = django_filters.CharFilter(label=_("课程或主题"), method="filter_q")

    class Meta:
        model = Session
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["program"].queryset = scoping.visible(user, Program).order_by("-start_date")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__contains=value) | Q(course__title__contains=value))


class MakeUpFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=MakeUpRequest.Status.choices)
    program = django_filters.ModelChoiceFilter(
        label=_("培养项目"), queryset=Program.objects.none(), field_name="session__programs"
    )
    q = django_filters.CharFilter(label=_("姓名/拼音"), method="filter_q")

    class Meta:
        model = MakeUpRequest
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["program"].queryset = scoping.visible(user, Program).order_by("-start_date")

    def filter_q(self, queryset, name, value):
        from qingmiao.selection.filters import _prefixed

        return queryset.filter(_prefixed(search_q(value), "cadre__"))


class ProgressFilter(django_filters.FilterSet):
    """A requirement's progress list: by name, unit (with its subtree) and met or short."""

    q = django_filters.CharFilter(label=_("姓名/拼音"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"), queryset=OrgUnit.objects.none(), method="filter_unit"
    )
    state = django_filters.ChoiceFilter(
        label=_("完成情况"),
        choices=[("met", _("已达到")), ("short", _("未达到"))],
        method="filter_state",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value))

    def filter_unit(self, queryset, name, value):
        if value is None:
            return queryset
        subtree = OrgUnit.objects.filter(path__startswith=value.path).values("pk")
        return queryset.filter(unit__in=subtree)

    def filter_state(self, queryset, name, value):
        if value == "met":
            return queryset.filter(short__lte=0)
        if value == "short":
            return queryset.filter(short__gt=0)
        return queryset


class HoursProgressFilter(ProgressFilter):
    """A program's hours progress: by name, unit (with its subtree) and band (达标, 差 10 学时以内,
    …: the bands of the program's requirement, the overview's chart uses the same)."""

    band = django_filters.ChoiceFilter(label=_("学时情况"), choices=[], method="filter_band")
    who = django_filters.ChoiceFilter(
        label=_("参训情况"),
        choices=[("in", _("在训或已结业")), ("out", _("已离开项目"))],
        method="filter_who",
    )

    def __init__(self, *args, user=None, program=None, required=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.filters["state"]
        self.program, self.required = program, required
        self.filters["band"].extra["choices"] = hours_progress.band_choices(required)

    def filter_who(self, queryset, name, value):
        taking = hours_progress.taking_part(self.program)
        return queryset.filter(taking) if value == "in" else queryset.exclude(taking)

    def filter_band(self, queryset, name, value):
        q = hours_progress.band_q(self.required, value)
        return queryset if q is None else queryset.filter(q)
