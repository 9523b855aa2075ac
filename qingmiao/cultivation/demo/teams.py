"""The teams part of the cultivation demo: 火星计划's 25 self-formed teams of 3.

The 75 who advanced to the practice stage (实践闯关: their application's current stage is the
third, in progress) formed them by invitation: each leader founded a team and invited two
others, who accepted. Each team has a topic, one or two mentors and three tasks. Should the
selection demo not have confirmed the cut yet, the 75 are the first of those in progress at
the furthest stage reached, so the teams are there either way. The teams go to
`ctx.extra["mars_teams"]` for the results area. If the `cadre` login is one of the 75, they
are in the first team, whose tasks are theirs to finish.
"""

from datetime import date, timedelta

from django.db.models import Max
from django.utils.translation import gettext as _

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.demo import bulk
from qingmiao.cadres.models import Cadre
from qingmiao.selection.models import Application

from ..models import CultivationSettings, Team, TeamInvitation, TeamMember, TeamTask
from .cohorts import aware

TEAMS = 25
SIZE = 3
FORMED = date(2026, 7, 20)
TOPICS = [
    "人工智能产业链招商路径研究", "低空经济应用场景调研", "商务楼宇经济提质增效",
    "数字经济企业服务堵点", "新能源汽车零部件配套", "生物医药研发外包集聚",
    "文旅消费新场景培育", "专精特新企业梯度培育", "总部经济招引政策比较",
    "科技成果转化中试平台", "跨境电商综合服务", "老旧厂房更新利用",
    "金融科技企业集聚", "国际消费中心城市建设", "智能网联汽车测试示范",
    "元宇宙产业生态", "人才公寓与产业配套", "营商环境政务服务优化",
    "数据要素市场培育", "绿色低碳产业转型", "高端制造业服务化",
    "会展经济带动效应", "夜间经济与街区更新", "独角兽企业成长环境",
    "产业园区运营模式创新",
]  # fmt: skip
TASKS = [("走访企业并形成调研台账", -60, True), ("提交堵点报告", -20, True),
         ("形成献策报告初稿", 30, False)]  # fmt: skip
NUMERALS = "一二三四五六七八九十"

_counts: dict = {}


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1] if n < 10 else "十"
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def stage_three(ctx) -> list[Cadre]:
    """火星计划's cadres at the practice stage (the third), in progress; before the cut is
    confirmed, the first 75 in progress at the furthest stage reached."""
    live = Application.objects.filter(
        program=ctx.mars, outcome=Application.Outcome.IN_PROGRESS, current_stage__isnull=False
    )
    at_three = list(
        Cadre.objects.filter(applications__in=live.filter(current_stage__order=3)).order_by("pk")
    )
    if len(at_three) >= TEAMS * SIZE:
        return at_three[: TEAMS * SIZE]
    furthest = live.aggregate(m=Max("current_stage__order"))["m"]
    return list(
        Cadre.objects.filter(applications__in=live.filter(current_stage__order=furthest)).order_by(
            "pk"
        )[: TEAMS * SIZE]
    )


def build(ctx) -> dict:
    cadres = stage_three(ctx)
    if len(cadres) < SIZE:
        ctx.extra["mars_teams"] = []
        return {}
    demo = ctx.demo_cadre
    if demo in cadres:  # the `cadre` login leads nothing but is in the first team
        cadres.remove(demo)
        cadres.insert(1, demo)
    CultivationSettings.objects.update_or_create(
        program=ctx.mars,
        defaults={"team_min_size": SIZE, "team_max_size": SIZE, "teams_self_formed": True},
    )
    mentors = list(User.objects.filter(role=Role.MENTOR, is_active=True).order_by("pk"))
    groups = [cadres[i : i + SIZE] for i in range(0, len(cadres) - SIZE + 1, SIZE)][:TEAMS]
    teams = [
        Team(
            program=ctx.mars,
            name=_("第%(n)s组") % {"n": _numeral(i + 1)},
            topic=TOPICS[i % len(TOPICS)],
            leader=group[0],
            formation=Team.Formation.SELF,
        )
        for i, group in enumerate(groups)
    ]
    bulk.insert(Team, teams)
    members, invitations, tasks = [], [], []
    for team, group in zip(teams, groups, strict=True):
        for cadre in group:
            members.append(TeamMember(team=team, program=ctx.mars, cadre=cadre))
        for cadre in group[1:]:
            invitations.append(
                TeamInvitation(
                    team=team,
                    cadre=cadre,
                    invited_by=group[0],
                    status=TeamInvitation.Status.ACCEPTED,
                    answered_at=aware(FORMED, 20),
                )
            )
        for title, offset, done in TASKS:
            due = FORMED + timedelta(days=120 + offset)
            tasks.append(
                TeamTask(team=team, title=title, due_date=due, done_at=aware(due) if done else None)
            )
    bulk.insert(TeamMember, members)
    bulk.insert(TeamInvitation, invitations)
    bulk.insert(TeamTask, tasks)
    ids = [t.pk for t in teams]
    Team.objects.filter(pk__in=ids).update(created_at=aware(FORMED, 10))
    TeamMember.objects.filter(team_id__in=ids).update(joined_at=aware(FORMED, 20))
    TeamInvitation.objects.filter(team_id__in=ids).update(created_at=aware(FORMED, 12))
    # The `mentor` login guides the first three teams; the other mentors (the mentoring area's)
    # one team each in turn, or the `mentor` login all of them when there is no other.
    through = Team.mentors.through
    others = [m for m in mentors if m.pk != ctx.mentor_user.pk] or [ctx.mentor_user]
    links = []
    for i, team in enumerate(teams):
        links.append(through(team_id=team.pk, user_id=others[i % len(others)].pk))
        if i < 3:
            links.append(through(team_id=team.pk, user_id=ctx.mentor_user.pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
    ctx.extra["mars_teams"] = teams
    _counts.update(teams=len(teams), members=len(members), demo=demo in cadres)
    return dict(_counts)


def summary() -> list[str]:
    if not _counts:
        return []
    lines = [
        _("调研组：火星计划 %(teams)s 个组、%(members)s 人，学员自主组队，每组 3 人。") % _counts
    ]
    if _counts["demo"]:
        lines.append(_("干部 cadre 在“我的调研组”中是第一组组员，有未完成的小组任务。"))
    return lines
