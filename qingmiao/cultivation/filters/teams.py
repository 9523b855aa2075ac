"""The team list's filters, shared by the page, its export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.selection.models import Program

from ..models import Team, TeamMember


class TeamFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())
    q = django_filters.CharFilter(label=_("组名/课题/组员"), method="filter_q")
    size = django_filters.ChoiceFilter(
        label=_("人数"),
        choices=(("under", _("未满员")), ("full", _("已满员"))),
        method="filter_size",
    )
    formation = django_filters.ChoiceFilter(label=_("组队方式"), choices=Team.Formation.choices)
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("size", "size"), ("created_at", "created")),
    )

    class Meta:
        model = Team
        fields = ["program", "q", "size", "formation"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        members = TeamMember.objects.filter(cadre__name__icontains=value).values("team_id")
        return queryset.filter(
            Q(name__icontains=value) | Q(topic__icontains=value) | Q(pk__in=members)
        )

    def filter_size(self, queryset, name, value):
        if value == "under":
            return queryset.filter(understaffed=True)
        return queryset.filter(full=True)
