"""The results part of the cultivation demo, in the seeds' numbers.

- 火星计划 (朝阳): its 25 teams write 77 堵点报告 and 25 献策报告, some written into the
  district's 十五五 plan, some adopted; 24 enterprises settled with 24,000.00 万元 (2.4 亿元)
  of registered capital, one team of which visited 58 firms and settled 3 (6,000.00 万元).
- 曾都 素质提升年: 42 意见建议 (10 adopted), 93 调研报告 (22 converted into measures),
  134 problems solved for enterprises and 23 projects.
- The `cadre` login belongs to a small 曾都 team with a suggestion already adopted, and can
  submit the team's next report on a phone; the `mentor` login guides that team.

Registered capital is drawn in whole fen and the last amount is the remainder, so the totals
are exact. Credit codes are valid: their check character is computed by python-stdnum.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from stdnum.cn import uscc

from qingmiao.cadres.demo import bulk

from ..models import (
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    ProblemSolved,
    Team,
    TeamMember,
)

BOTTLENECKS, PROPOSALS = 77, 25
MARS_SETTLED, MARS_CAPITAL = 24, Decimal("24000.00")
STAR_VISITS, STAR_SETTLED, STAR_CAPITAL = 58, 3, Decimal("6000.00")
SUGGESTIONS, SUGGESTIONS_ADOPTED = 42, 10
RESEARCH, RESEARCH_CONVERTED = 93, 22
PROBLEMS, PROJECTS = 134, 23
PLAN_BODY = "《朝阳区国民经济和社会发展第十五个五年规划纲要》编制组"
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

_BOTTLENECK_TOPICS = [
    "企业开办“一件事”跨部门流转", "园区用地审批时限", "中小企业融资担保", "人才公寓配租",
    "研发费用加计扣除兑现", "数据要素流通规则", "首台套产品政府采购", "楼宇经济空置率",
    "科技成果转化收益分配", "跨境电商通关", "夜间经济管理", "老旧厂房改造审批",
]  # fmt: skip
_PROPOSAL_TOPICS = [
    "人工智能产业集聚区建设", "数字经济核心产业培育", "国际消费中心城市建设", "商务楼宇提质增效",
    "文化科技融合发展", "绿色低碳产业布局", "总部经济招引", "专精特新企业梯度培育",
]  # fmt: skip
_ENTERPRISE_WORDS = ["智联", "星河", "云启", "数擎", "博远", "华芯", "恒信", "中科", "安泰", "卓越"]
_KINDS_OF_FIRM = ["科技有限公司", "信息技术有限公司", "生物科技有限公司", "新能源有限公司",
                  "文化传媒有限公司", "商务服务有限公司", "智能装备有限公司"]  # fmt: skip
_INDUSTRIES = ["人工智能", "数字经济", "生物医药", "新能源", "高端商务", "文化科技"]
_ZENGDU_TOPICS = [
    "重点项目用工保障", "农产品精深加工链条", "工业园区配套", "乡村振兴产业项目", "营商环境",
    "专用汽车产业链", "城区停车管理", "老旧小区改造", "基层治理网格化", "电商进农村",
]  # fmt: skip
_ZENGDU_BODIES = [
    "曾都区委",
    "曾都区人民政府",
    "区发展和改革局",
    "区经济和信息化局",
    "区住房和城乡建设局",
]


def credit_code(rng, division: str) -> str:
    body = "91" + division + "".join(rng.choice(_CODE_CHARS) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def split_exact(rng, total: Decimal, n: int, spread: float = 0.5) -> list[Decimal]:
    """`n` amounts in 万元 (whole fen), each within `spread` of the mean, adding up to `total`
    exactly: the last one is the remainder (drawn again until it too is within range)."""
    fen = int(total * 100)
    low, high = int(fen / n * (1 - spread)), int(fen / n * (1 + spread))
    while True:
        parts = [rng.randint(low, high) for _i in range(n - 1)]
        last = fen - sum(parts)
        if low <= last <= high:
            return [Decimal(p) / 100 for p in [*parts, last]]


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _mars_teams(ctx) -> list[Team]:
    """The teams area's 25 teams; built here (25 × 3 of the 75 in 实践闯关) only when absent."""
    teams = ctx.extra.get("mars_teams")
    if teams:
        return list(teams)
    teams = list(Team.objects.filter(program=ctx.mars).order_by("pk"))
    if teams:
        return teams
    cadres = ctx.participants(ctx.mars)[:75]
    teams = bulk.insert(
        Team,
        [
            Team(program=ctx.mars, name=f"第{n + 1}组", formation=Team.Formation.SELF,
                 leader=cadres[3 * n], topic=_BOTTLENECK_TOPICS[n % len(_BOTTLENECK_TOPICS)])
            for n in range(len(cadres) // 3)
        ],
    )  # fmt: skip
    bulk.insert(
        TeamMember,
        [
            TeamMember(team=t, program=ctx.mars, cadre=c)
            for n, t in enumerate(teams)
            for c in cadres[3 * n : 3 * n + 3]
        ],
    )
    ctx.extra["mars_teams"] = teams
    return teams


def _members(teams) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {t.pk: [] for t in teams}
    for team_id, cadre_id in TeamMember.objects.filter(team__in=teams).values_list(
        "team_id", "cadre_id"
    ):
        out[team_id].append(cadre_id)
    return out


class _Writer:
    """Rows gathered in memory, then inserted in one go per table."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.deliverables: list[Deliverable] = []
        self.authors: list[list[int]] = []
        self.outcomes: list[tuple[int, str, str, date, str]] = []
        self.investments: list[InvestmentRecord] = []
        self.investors: list[list[int]] = []
        self.problems: list[ProblemSolved] = []
        self.solvers: list[list[int]] = []

    def deliverable(self, program, kind, title, team, authors, day, outcomes=()):
        self.deliverables.append(
            Deliverable(program=program, kind=kind, title=title, team=team, submitted_on=day,
                        summary=f"围绕{title}开展调研，梳理问题清单并提出对策。",
                        created_by=self.ctx.admin)
        )  # fmt: skip
        self.authors.append(list(authors))
        index = len(self.deliverables) - 1
        for kind_, body, when, evidence in outcomes:
            self.outcomes.append((index, kind_, body, when, evidence))

    def save(self):
        admin = self.ctx.admin
        bulk.insert(Deliverable, self.deliverables)
        through = Deliverable.authors.through
        bulk.insert(
            through,
            [
                through(deliverable_id=d.pk, cadre_id=c)
                for d, ids in zip(self.deliverables, self.authors, strict=True)
                for c in ids
            ],
        )
        bulk.insert(
            DeliverableOutcome,
            [
                DeliverableOutcome(deliverable=self.deliverables[i], kind=k, body=b, date=w,
                                   evidence=e, recorded_by=admin)
                for i, k, b, w, e in self.outcomes
            ],
        )  # fmt: skip
        for model, rows, credited in (
            (InvestmentRecord, self.investments, self.investors),
            (ProblemSolved, self.problems, self.solvers),
        ):
            bulk.insert(model, rows)
            through = model.cadres.through
            own = model._meta.get_field("cadres").m2m_field_name()
            bulk.insert(
                through,
                [
                    through(**{f"{own}_id": r.pk, "cadre_id": c})
                    for r, ids in zip(rows, credited, strict=True)
                    for c in ids
                ],
            )


def _mars(ctx, w: _Writer) -> dict:
    rng, mars = ctx.rng, ctx.mars
    teams = _mars_teams(ctx)
    if not teams:  # a test district too small for the camp's third stage
        return {"teams": 0, "planned": 0, "adopted": 0}
    members = _members(teams)
    start, end = date(2026, 7, 1), date(2026, 11, 20)
    planned = adopted = 0
    for n in range(BOTTLENECKS):
        team = teams[n % len(teams)]
        authors = rng.sample(members[team.pk], min(len(members[team.pk]), rng.choice((1, 2))))
        day = _day(rng, start, end)
        outcomes = []
        if n % 6 == 0:
            outcomes.append(("planned", PLAN_BODY, day + timedelta(days=20),
                             "相关建议写入规划纲要征求意见稿“优化营商环境”一节。"))  # fmt: skip
            planned += 1
        topic = _BOTTLENECK_TOPICS[n % len(_BOTTLENECK_TOPICS)]
        w.deliverable(mars, "bottleneck", f"关于{topic}的堵点报告", team,
                      authors, day, outcomes)  # fmt: skip
    for n, team in enumerate(teams[:PROPOSALS]):
        day = _day(rng, date(2026, 9, 1), end)
        outcomes = []
        if n % 3 == 0:
            outcomes.append(("adopted", "朝阳区人民政府", day + timedelta(days=15),
                             "区政府常务会议研究采纳，形成工作方案。"))  # fmt: skip
            adopted += 1
        if n % 4 == 0:
            outcomes.append(("planned", PLAN_BODY, day + timedelta(days=25),
                             "列入“十五五”规划重点任务。"))  # fmt: skip
            planned += 1
        topic = _PROPOSAL_TOPICS[n % len(_PROPOSAL_TOPICS)]
        w.deliverable(mars, "proposal", f"关于推进{topic}的献策报告", team,
                      members[team.pk], day, outcomes)  # fmt: skip
    # 招商引资: the star team visits 58 firms and settles 3 (6,000 万元); the others settle 21.
    star, others = teams[0], teams[1:]
    star_capitals = split_exact(rng, STAR_CAPITAL, STAR_SETTLED)
    other_capitals = split_exact(rng, MARS_CAPITAL - STAR_CAPITAL, MARS_SETTLED - STAR_SETTLED)
    visits = [("settled", c) for c in star_capitals] + [
        (rng.choice(("contact", "contact", "negotiating", "signed")),
         Decimal(rng.randint(100, 5000) * 100) / 100)
        for _i in range(STAR_VISITS - STAR_SETTLED)
    ]  # fmt: skip
    settled_elsewhere = [
        ("settled", c, others[i % len(others)]) for i, c in enumerate(other_capitals)
    ]
    for n, (stage, capital, team) in enumerate(
        [(s, c, star) for s, c in visits] + settled_elsewhere
    ):
        words = _ENTERPRISE_WORDS[n % 10] + _ENTERPRISE_WORDS[(n // 10) % 10]
        w.investments.append(
            InvestmentRecord(program=mars, enterprise_name=f"北京{words}{_KINDS_OF_FIRM[n % 7]}",
                             credit_code=credit_code(rng, "110105"), registered_capital=capital,
                             industry=rng.choice(_INDUSTRIES), stage=stage,
                             date=_day(rng, start, end), team=team, created_by=ctx.admin)
        )  # fmt: skip
        w.investors.append(rng.sample(members[team.pk], 1))
    return {"teams": len(teams), "planned": planned, "adopted": adopted}


def _demo_team(ctx) -> Team | None:
    """The `cadre` login's team in 曾都's year, mentored by the `mentor` login — unless the
    teams area already put them in one."""
    cadre = ctx.demo_cadre
    if TeamMember.objects.filter(cadre=cadre).exists():
        return None
    team = Team.objects.create(program=ctx.quality_year, name="营商环境调研组",
                               topic="重点项目用工与要素保障", leader=cadre,
                               formation=Team.Formation.STAFF)  # fmt: skip
    # Two colleagues of the 50 who have no team in the year yet (the login is one of the 50).
    teamed = set(
        TeamMember.objects.filter(program=ctx.quality_year).values_list("cadre_id", flat=True)
    )
    colleagues = [c for c in ctx.quality if c.pk != cadre.pk and c.pk not in teamed][:2]
    for c in [cadre, *colleagues]:
        TeamMember.objects.create(team=team, program=ctx.quality_year, cadre=c)
    team.mentors.add(ctx.mentor_user)
    return team


def _zengdu(ctx, w: _Writer) -> None:
    rng, program, people = ctx.rng, ctx.quality_year, ctx.quality
    ids = [c.pk for c in people]
    start, end = date(2025, 2, 1), date(2025, 12, 20)
    team = _demo_team(ctx)
    for n in range(SUGGESTIONS):
        day = _day(rng, start, end)
        outcomes = []
        if n < SUGGESTIONS_ADOPTED:
            outcomes.append(("adopted", rng.choice(_ZENGDU_BODIES), day + timedelta(days=12),
                             "领导批示采纳，交相关部门办理。"))  # fmt: skip
        topic = _ZENGDU_TOPICS[n % len(_ZENGDU_TOPICS)]
        if n == 0 and team is not None:
            authors = [ctx.demo_cadre.pk]
            credited_team = team
        else:
            authors, credited_team = rng.sample(ids, 1), None
        w.deliverable(program, "suggestion", f"关于{topic}的建议",
                      credited_team, authors, day, outcomes)  # fmt: skip
    for n in range(RESEARCH):
        day = _day(rng, start, end)
        outcomes = []
        if n < RESEARCH_CONVERTED:
            outcomes.append(("converted", rng.choice(_ZENGDU_BODIES), day + timedelta(days=30),
                             "据此出台工作措施，印发实施。"))  # fmt: skip
        topic = _ZENGDU_TOPICS[n % len(_ZENGDU_TOPICS)]
        w.deliverable(program, "research", f"{topic}调研报告", None,
                      rng.sample(ids, rng.choice((1, 2))), day, outcomes)  # fmt: skip
    projects = [f"曾都区重点项目{n + 1:02d}号" for n in range(PROJECTS)]
    for n in range(PROBLEMS):
        is_project = n < 2 * PROJECTS
        beneficiary = projects[n % PROJECTS] if is_project else f"曾都区企业{n + 1:03d}"
        w.problems.append(
            ProblemSolved(program=program, title=f"协调解决{rng.choice(_ZENGDU_TOPICS)}问题",
                          beneficiary=beneficiary,
                          beneficiary_kind="project" if is_project else "enterprise",
                          outcome="问题已解决，项目（企业）按期推进。", date=_day(rng, start, end),
                          created_by=ctx.admin)
        )  # fmt: skip
        w.solvers.append(rng.sample(ids, 1))


_FIGURES: dict = {}


def build(ctx) -> dict:
    w = _Writer(ctx)
    figures = _mars(ctx, w)
    _zengdu(ctx, w)
    w.save()
    from ..selectors.results_rollup import results_totals

    # The printed figures are read back from the records, as the pages read them.
    _FIGURES.update(figures)
    _FIGURES["mars"] = results_totals(ctx.admin, program=ctx.mars)
    _FIGURES["zengdu"] = results_totals(ctx.admin, program=ctx.quality_year)
    return {
        "deliverables": len(w.deliverables),
        "investments": len(w.investments),
        "problems": len(w.problems),
    }


def summary() -> list[str]:
    if not _FIGURES:
        return []
    mars, zengdu = _FIGURES["mars"], _FIGURES["zengdu"]
    return [
        "",
        _("调研成果："),
        "  "
        + _(
            "火星计划：%(teams)s 个调研组，堵点报告 %(b)s 份、献策报告 %(p)s 份，采纳 %(a)s 份、"
            "纳入“十五五”规划 %(pl)s 份；引进落户企业 %(e)s 家，注册资本 %(c)s 万元"
        )
        % {
            "teams": _FIGURES["teams"],
            "b": mars["deliverables"]["bottleneck"],
            "p": mars["deliverables"]["proposal"],
            "a": mars["outcomes"]["adopted"],
            "pl": mars["outcomes"]["planned"],
            "e": mars["investment"]["settled"],
            "c": f"{mars['investment']['settled_capital']:,.2f}",
        },
        "  "
        + _(
            "曾都素质提升年：意见建议 %(s)s 条（采纳 %(sa)s 条），"
            "调研报告 %(r)s 篇（转化 %(rc)s 篇），破解难题 %(pr)s 个，推动项目 %(pj)s 个"
        )
        % {
            "s": zengdu["deliverables"]["suggestion"],
            "sa": zengdu["outcomes"]["adopted"],
            "r": zengdu["deliverables"]["research"],
            "rc": zengdu["outcomes"]["converted"],
            "pr": zengdu["problems"]["total"],
            "pj": zengdu["problems"]["projects"],
        },
    ]
