"""Selection's list filters, one per resource, shared by the pages and the API."""

from datetime import date

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.cadres.filters import search_q
from qingmiao.cadres.models import UnitType

from .models import Application, Program, Stage, StageEntry, Track

# --- the application list's filters ---------------------------------------------------------


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition on a related model: Q(name=…) → Q(cadre__name=…)."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in q.children
    ]
    return out


def _band_years(value: str) -> tuple[int, int] | None:
    """'90' (as in 90后) → 1990..1994; '00' → 2000..2004."""
    if len(value) != 2 or not value.isdigit():
        return None
    n = int(value)
    start = 2000 + n if n < 30 else 1900 + n
    return start, start + 4


class ApplicationFilter(django_filters.FilterSet):
    """The application list's filters, for the page (one program's list: pass `program`) and
    the API (every visible application: pass `user`). Choices of program, track and stage are
    limited to what the user may see, so an id outside the scope is refused like an unknown
    one."""

    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())
    q = django_filters.CharFilter(label=_("姓名/拼音"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Application.Status.choices)
    track = django_filters.ModelChoiceFilter(label=_("赛道"), queryset=Track.objects.none())
    mode = django_filters.ChoiceFilter(label=_("报名方式"), choices=Application.Mode.choices)
    stage = django_filters.ModelChoiceFilter(
        label=_("参加关卡"), queryset=Stage.objects.none(), method="filter_stage"
    )
    result = django_filters.ChoiceFilter(
        label=_("关卡结果"), choices=StageEntry.Result.choices, method="filter_noop"
    )
    generation = django_filters.CharFilter(label=_("年龄段"), method="filter_generation")
    education = django_filters.CharFilter(
        label=_("学历"), field_name="cadre__fulltime_education__form_name"
    )
    gender = django_filters.CharFilter(label=_("性别"), field_name="cadre__gender__name")
    unit_type = django_filters.ChoiceFilter(
        label=_("单位类型"), choices=UnitType.choices, field_name="cadre__unit__unit_type"
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("created_at", "created"),
            ("cadre__name_pinyin", "name"),
            ("cadre__unit__path", "unit"),
            ("track__sort", "track"),
            ("status", "status"),
        ),
    )

    class Meta:
        model = Application
        fields = ["program", "q", "status", "track", "mode"]

    def __init__(self, *args, program=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if program is not None:
            self.filters["track"].queryset = program.tracks.order_by("sort", "id")
            self.filters["stage"].queryset = program.stages.order_by("order")
        elif user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)
            self.filters["track"].queryset = scoping.visible(user, Track)
            self.filters["stage"].queryset = scoping.visible(user, Stage)

    def filter_q(self, queryset, name, value):
        return queryset.filter(_prefixed(search_q(value), "cadre__"))

    def filter_noop(self, queryset, name, value):
        return queryset  # read together with `stage`

    def filter_stage(self, queryset, name, value: Stage):
        entries = StageEntry.objects.filter(stage=value)
        result = self.form.cleaned_data.get("result")
        if result:
            entries = entries.filter(result=result)
        return queryset.filter(pk__in=entries.values("application_id"))

    def filter_generation(self, queryset, name, value):
        years = _band_years(value)
        if years is None:
            return queryset.none()
        return queryset.filter(
            cadre__birth_date__gte=date(years[0], 1, 1),
            cadre__birth_date__lte=date(years[1], 12, 31),
        )


class StageFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())

    class Meta:
        model = Stage
        fields = ["program"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)
