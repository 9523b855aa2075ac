"""Demo data of 管 · assessment schemes, monthly rounds (月度考察) and their
scoring, the performance list (实绩清单), the cadre portrait (干部画像).

曾都's 50 frontline cadres (the 干部素质提升年 program's participants) scored every month from
January on the six dimensions of the district's scheme by an inspection team that includes the
`inspector` login (郑考察). Each cadre has a level and a drift of their own, so the list moves
from month to month; a few miss a month (on leave). January to October are closed; November is
open, with cadres left for 郑考察 to score on a phone. The hosts evaluate the cadres they host
(冯经理, the `host` login, among them). Everything follows from the seed.
"""

import random
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.demo.registry import set_demo_password
from qingmiao.selection.models import Program, ProgramKind

from ..models import Round, RoundMember
from ..services import rounds as round_services
from ..services import rounds_close
from ..services import schemes as scheme_services

TODAY = date(2026, 11, 30)  # the demo's today (cultivation/demo/cohorts.py)
COHORT = "干部素质提升年一线干部"
LEFT_FOR_INSPECTOR = 30  # cadres 郑考察 still has to score in November
_SUMMARY: list[str] = []
NOTES = ("项目节点按期完成", "协调征地难题", "企业诉求当日办结", "")

_LEVELS = ("9—10 分：", "7—8.5 分：", "6—6.5 分：", "6 分以下：")
DIMENSIONS = [
    ("攻坚能力", "20", ("牵头破解重大难题，项目节点全部提前完成", "按期完成攻坚任务",
                        "基本完成，个别节点滞后", "任务明显滞后")),
    ("服务意识", "20", ("服务对象普遍好评，主动上门解决诉求", "诉求及时响应", "响应较慢",
                        "有投诉查实")),
    ("创新思维", "15", ("提出并落地新办法，被推广", "有改进举措", "按常规办理", "因循守旧")),
    ("担当作为", "20", ("急难险重任务主动请缨", "分内工作敢于负责", "遇事推诿较少",
                        "回避矛盾")),
    ("沟通协调", "10", ("统筹多方高效推进", "协调顺畅", "协调一般", "协调不力")),
    ("廉洁自律", "15", ("严守纪律，台账规范透明", "无违纪违规", "有轻微不规范", "有违规问题")),
]  # fmt: skip


def _descriptors(texts) -> str:
    return "\n".join(level + text for level, text in zip(_LEVELS, texts, strict=True))


def _step(value: float) -> Decimal:
    """A score on the 0–10 scale, by half points."""
    return Decimal(str(min(10.0, max(4.0, round(value * 2) / 2))))


def _inspectors() -> list[User]:
    team = [User.objects.get(username="inspector")]
    second, created = User.objects.get_or_create(
        username="kaocha2",
        defaults={"full_name": "王考察", "role": Role.INSPECTOR, "org_unit": team[0].org_unit},
    )
    if created:
        set_demo_password(second)
        second.save()
    return [*team, second]


def build(ctx) -> dict:
    rng = random.Random(ctx["seed"] + 808)
    admin = User.objects.get(username="orgadmin")
    program = Program.objects.filter(kind=ProgramKind.QUALITY_YEAR).order_by("pk").first()
    if program is None:
        return {}
    team = _inspectors()
    scheme = scheme_services.scheme_create(
        actor=admin,
        data={
            "name": "曾都区一线干部月度考察方案",
            "scale_min": "0", "scale_max": "10", "scale_step": "0.5",
            "weight_task": "60", "weight_host": "20", "weight_ledger": "20",
            "note": "看任务完成、听服务对象评价、查工作台账",
            "dimensions": [
                {"name": n, "weight": w, "descriptors": _descriptors(d)}
                for n, w, d in DIMENSIONS
            ],
        },
    )  # fmt: skip
    rounds = []
    levels: dict[int, tuple[float, float]] = {}
    for month in range(1, TODAY.month + 1):
        first = date(TODAY.year, month, 1)
        round_ = round_services.round_create(
            actor=admin,
            data={
                "title": _("%(m)s月一线干部考察") % {"m": month},
                "cohort": COHORT,
                "month": first,
                "scheme": scheme,
                "source": Round.Source.PROGRAM,
                "program": program,
                "inspectors": team,
                "asks_host": True,
            },
        )
        rounds.append(round_)
        members = list(
            round_.members.select_related("assignment", "round__version").order_by("cadre_id")
        )
        dims = list(round_.version.dimensions.all())
        is_last = month == TODAY.month
        to_score = members[: max(0, len(members) - LEFT_FOR_INSPECTOR)] if is_last else members
        for m in to_score:
            level, drift = levels.setdefault(
                m.cadre_id, (rng.uniform(6.6, 8.9), rng.uniform(-0.13, 0.13))
            )
            if not is_last and rng.random() < 0.03:
                continue  # on leave this month: not scored, left out of the month's list
            base = level + drift * (month - 1)
            round_services.member_score(
                actor=team[m.pk % len(team)] if not is_last else team[0],
                member=m,
                data={
                    "scores": {d.pk: _step(rng.gauss(base, 0.6)) for d in dims},
                    "notes": {dims[0].pk: rng.choice(NOTES)},
                    "ledger_score": _step(rng.gauss(base + 0.3, 0.5)),
                    "task_note": _("现场查看项目进度，听取企业意见，查阅工作台账。"),
                },
            )  # fmt: skip
            hosted = m.assignment_id and m.assignment.host_contact_id
            if hosted and (not is_last or m.assignment.host_contact.username != "host"):
                round_services.host_evaluate(
                    actor=m.assignment.host_contact,
                    member=m,
                    data={"host_score": _step(rng.gauss(base + 0.2, 0.5)), "host_note": ""},
                )
        if not is_last:
            rounds_close.round_close(actor=admin, round_=round_)
    closed = [r for r in rounds if not r.is_open and r.pk]
    last_closed = Round.objects.filter(pk__in=[r.pk for r in rounds], status="closed").last()
    nominated = 0
    if last_closed is not None:
        top = RoundMember.objects.filter(round=last_closed, cumulative_rank__lte=3)
        for m in top.select_related("round"):
            rounds_close.nominate(
                actor=admin, member=m, cumulative=True,
                reason=_("连续多月考察排名靠前，实绩突出"),
            )  # fmt: skip
            nominated += 1
    current = rounds[-1] if rounds else None
    left = current.members.filter(scored_at__isnull=True).count() if current else 0
    ctx["quality_year"] = program
    ctx["scheme"] = scheme
    ctx["rounds"] = rounds
    ctx["inspection_team"] = team
    _SUMMARY[:] = [
        _("月度考察：曾都 %(n)s 名一线干部 1—%(m)s 月逐月考察，%(c)s 月考察中，"
          "郑考察（inspector）还有 %(left)s 人待评分；累计排名前 %(k)s 名已推荐进入储备库。")
        % {"n": program.applications.count(), "m": TODAY.month - 1, "c": TODAY.month,
           "left": left, "k": nominated},
    ]  # fmt: skip
    return {"rounds": len(rounds), "closed": len(closed), "left": left, "nominated": nominated}


def summary() -> list[str]:
    return list(_SUMMARY)
