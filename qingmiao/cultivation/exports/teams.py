"""What the team list exports: one row per team, with its members and mentors."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from ..filters.teams import TeamFilter
from ..models import Team
from ..selectors import teams as selectors


def team_filterset(user, params) -> TeamFilter:
    return TeamFilter(
        params,
        queryset=selectors.team_queryset(user).order_by("program", "created_at", "pk"),
        user=user,
    )


def team_list_queryset(user, query: QueryDict) -> QuerySet[Team]:
    filterset = team_filterset(user, query)
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


def size_state(team) -> str:
    if team.understaffed:
        return _("未满员")
    if team.full:
        return _("已满员")
    return _("可再加入")


def team_columns(user) -> list[Column]:
    return [
        Column(gettext_lazy("培养项目"), lambda t: t.program.name, width=20),
        Column(gettext_lazy("组名"), lambda t: t.name, width=14),
        Column(gettext_lazy("调研课题"), lambda t: t.topic, width=28),
        Column(gettext_lazy("组长"), lambda t: t.leader.name if t.leader else "", width=10),
        Column(
            gettext_lazy("组员"),
            lambda t: "、".join(m.cadre.name for m in t.members.all()),
            width=28,
        ),
        Column(gettext_lazy("人数"), lambda t: t.size, width=6),
        Column(gettext_lazy("人数情况"), size_state, width=10),
        Column(
            gettext_lazy("指导导师"),
            lambda t: "、".join(m.full_name or m.username for m in t.mentors.all()),
            width=20,
        ),
        Column(gettext_lazy("组队方式"), lambda t: t.get_formation_display(), width=10),
        Column(gettext_lazy("任务完成"), lambda t: f"{t.tasks_done}/{t.task_count}", width=10),
    ]


TEAM_LIST = ListExport(
    key="qingmiao.cultivation.exports.teams.TEAM_LIST",
    title=gettext_lazy("调研组名单"),
    capability="cultivation.export_records",
    queryset=team_list_queryset,
    columns=team_columns,
)
