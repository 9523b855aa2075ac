"""双导师 demo: every program's mentor roles, a mentor pool, pairs matched by the product's own
matcher and confirmed through its service, and the mentoring logs that followed.

- 巴中新苗培优: 1,139 new recruits, each with a 政治导师 (unit and district leaders) and a
  业务导师 (department heads and experts), both roles excluding the recruit's own line; pairs
  start a month after each intake; one confirmed log per pair in the past weeks, some pairs
  quiet for longer.
- 曾都素质提升年: 50 cadres, each with a 区领导总导师 and a 部门业务导师; 200+ one-on-one
  sessions from 2025 on, with follow-ups.
- 火星计划: the 75 with a 产业部门导师 and a 市场一线导师 (entrepreneurs).
- The `mentor` login (孙导师) mentors in 火星计划 and is the `cadre` login's 部门业务导师 in
  曾都: logs to confirm on both sides, a quiet pair, follow-ups due and one overdue.
"""

from datetime import date, timedelta

from django.utils import timezone

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.demo import bulk
from qingmiao.cadres.demo.registry import _name, set_demo_password
from qingmiao.cadres.models import OrgUnit, UnitType

from ..models import (
    CultivationSettings,
    FollowUp,
    MentoringLog,
    MentorPair,
    MentorProfile,
    MentorRole,
)
from ..services import matching_runs
from ..services import mentoring as services

TOPICS = {
    MentoringLog.Mode.TALK: [
        "入职适应谈心", "思想动态交流", "岗位认知谈话", "工作压力疏导", "职业规划谈心",
    ],
    MentoringLog.Mode.ONSITE: [
        "村级议事现场指导", "项目一线现场指导", "企业走访现场指导", "信访接待现场带教",
    ],
    MentoringLog.Mode.TASK: ["起草调研报告", "跟进重点项目", "梳理企业诉求清单", "筹备群众会议"],
    MentoringLog.Mode.REVIEW: ["月度工作复盘", "调研报告点评", "项目推进复盘", "公文写作点评"],
}  # fmt: skip
FOLLOW_UPS = ["完成调研报告初稿", "走访 3 家企业并形成记录", "整理会议纪要", "提交月度工作小结"]
POLITICAL = ("党建", "基层治理", "乡村振兴", "信访维稳", "组织工作", "宣传思想")
BUSINESS = (
    "财政", "商务", "农业", "规划", "建设", "教育", "卫生", "科技", "经济", "市场",
    "乡镇", "街道", "招商引资", "数据", "生态", "交通",
)  # fmt: skip
INDUSTRY = ("数字经济", "人工智能", "商务服务", "金融科技", "生命健康", "科技创新", "低空经济")
COMPANIES = [
    "青禾数智科技",
    "禾丰生物医药",
    "云帆低空科技",
    "汇通供应链",
    "青禾城投",
    "星河文化传媒",
]

_counts: dict = {}


def _users(ctx, specs) -> list[User]:
    """Mentor accounts in bulk; the demo password is hashed once for all of them. Their
    usernames sort after the demo logins, so the account list still opens on those."""
    users = []
    for username, unit in specs:
        user = User(
            username=f"tutor_{username}", full_name=_name(ctx.rng), role=Role.MENTOR, org_unit=unit
        )
        set_demo_password(user)
        users.append(user)
    bulk.insert(User, users)
    return users


def _profiles(users, *, kind, roles, capacity, words, rng, units=None, orgs=None, titles=("",)):
    rows = [
        MentorProfile(
            user=u,
            kind=kind,
            unit=units[i] if units else None,
            organization=orgs[i % len(orgs)] if orgs else "",
            title=titles[i % len(titles)],
            capacity=rng.randint(*capacity),
            specialties=" ".join(rng.sample(words, 3)),
            role_names=list(roles),
        )
        for i, u in enumerate(users)
    ]
    bulk.insert(MentorProfile, rows)
    return rows


def _roles(program, names, exclude) -> list[MentorRole]:
    return [
        MentorRole.objects.create(program=program, name=n, sort=i, exclude_own_superior=x)
        for i, (n, x) in enumerate(zip(names, exclude, strict=True))
    ]


def _match(ctx, program) -> int:
    run = matching_runs.matching_run_create(actor=ctx.admin, program=program)
    if run.stats.get("pairs"):  # a very small test district may leave nothing to propose
        services.matching_run_confirm(actor=ctx.admin, run=run)
    return run.stats.get("pairs", 0)


def _logs_for(ctx, pairs, per_pair, start: date, end: date, confirm_share=0.95):
    """Logs spread between start and end for each pair; most confirmed by the other side."""
    rng = ctx.rng
    logs, follow_ups = [], []
    now = timezone.now()
    span = (end - start).days
    for pair, mentee_user in pairs:
        for _i in range(per_pair(pair)):
            day = start + timedelta(days=rng.randint(0, span))
            mode = rng.choice(list(TOPICS))
            by_mentor = rng.random() < 0.7 or mentee_user is None
            confirmed = rng.random() < confirm_share
            logs.append(
                MentoringLog(
                    pair=pair,
                    date=day,
                    mode=mode,
                    topic=rng.choice(TOPICS[mode]),
                    notes="",
                    duration_minutes=rng.choice((30, 45, 60, 90, 120)),
                    written_by_id=pair.mentor_id if by_mentor else mentee_user,
                    # A recruit without an account confirms on paper: the date is kept.
                    confirmed_by_id=(
                        (mentee_user if by_mentor else pair.mentor_id) if confirmed else None
                    ),
                    confirmed_at=now if confirmed else None,
                )
            )
    bulk.insert(MentoringLog, logs)
    for log in logs:
        if rng.random() < 0.25:
            follow_ups.append(
                FollowUp(
                    log=log,
                    text=rng.choice(FOLLOW_UPS),
                    due_date=log.date + timedelta(days=14),
                    done_at=now if log.date < end - timedelta(days=30) else None,
                )
            )
    bulk.insert(FollowUp, follow_ups)
    return logs


def _recent(ctx, rows, today: date) -> list:
    """A session in the past three weeks for most pairs (about one in eight has none)."""
    active = [r for r in rows if ctx.rng.random() < 0.88]
    return _logs_for(ctx, active, lambda p: 1, today - timedelta(days=21), today)


def _refresh_last_logs(program) -> None:
    latest: dict[int, date] = {}
    for pair_id, day in MentoringLog.objects.filter(
        pair__program=program, confirmed_at__isnull=False
    ).values_list("pair_id", "date"):
        if pair_id not in latest or day > latest[pair_id]:
            latest[pair_id] = day
    pairs = list(MentorPair.objects.filter(pk__in=list(latest)))
    for p in pairs:
        p.last_log_on = latest[p.pk]
    MentorPair.objects.bulk_update(pairs, ["last_log_on"], batch_size=2000)


def _mentee_users(program) -> list[tuple[MentorPair, int | None]]:
    return [
        (p, p.mentee.user_id)
        for p in MentorPair.objects.filter(program=program, status="active").select_related(
            "mentee"
        )
    ]


# --- the programs ---------------------------------------------------------------------------


def _bazhong(ctx, departments) -> dict:
    program = ctx.new_recruit
    _roles(program, ("政治导师", "业务导师"), (True, True))
    grassroots = sorted({c.unit_id for c in ctx.recruits})
    unit_of = OrgUnit.objects.in_bulk(grassroots)
    leaders = [(f"bz_zz{i:03d}", unit_of[grassroots[i % len(grassroots)]]) for i in range(110)]
    leaders += [(f"bz_qld{i:02d}", ctx.root) for i in range(10)]
    political = _users(ctx, leaders)
    _profiles(
        political, kind=MentorProfile.Kind.LEADER, roles=("政治导师",), capacity=(9, 13),
        words=POLITICAL, rng=ctx.rng, units=[u for _n, u in leaders],
        titles=("党委书记", "党委副书记", "组织委员"),
    )  # fmt: skip
    heads = [(f"bz_yw{i:03d}", departments[i % len(departments)]) for i in range(300)]
    business = _users(ctx, heads)
    _profiles(
        business, kind=MentorProfile.Kind.DEPARTMENT_HEAD, roles=("业务导师",), capacity=(4, 6),
        words=BUSINESS, rng=ctx.rng, units=[u for _n, u in heads], titles=("科长", "副局长"),
    )  # fmt: skip
    pairs = _match(ctx, program)
    for hire in (date(2024, 8, 1), date(2025, 8, 1), date(2026, 8, 1)):
        MentorPair.objects.filter(program=program, mentee__hire_date=hire).update(
            started_on=hire + timedelta(days=30)
        )
    today = timezone.localdate()
    # One session per pair in the past three weeks; about one pair in eight gone quiet.
    rows = _mentee_users(program)
    _logs_for(ctx, rows, lambda p: 1, today - timedelta(days=21), today, confirm_share=0.97)
    quiet = [p for p, _u in rows if ctx.rng.random() < 0.12]
    MentoringLog.objects.filter(pair__in=quiet).update(date=date(2026, 9, 20))
    _refresh_last_logs(program)
    return {"mentors": len(political) + len(business), "pairs": pairs}


def _zengdu(ctx, departments) -> dict:
    program = ctx.quality_year
    # 曾都's department mentors are the heads of the departments the cadres serve, their own
    # included: the program does not ask for the superior to be avoided.
    _roles(program, ("区领导总导师", "部门业务导师"), (False, False))
    CultivationSettings.objects.get_or_create(program=program, defaults={"quiet_pair_weeks": 4})
    district = _users(ctx, [(f"zd_qld{i}", ctx.root) for i in range(8)])
    _profiles(
        district, kind=MentorProfile.Kind.LEADER, roles=("区领导总导师",), capacity=(7, 8),
        words=BUSINESS, rng=ctx.rng, units=[ctx.root] * 8, titles=("副区长", "区委常委"),
    )  # fmt: skip
    depts = [departments[i % len(departments)] for i in range(22)]
    heads = _users(ctx, [(f"zd_bm{i:02d}", u) for i, u in enumerate(depts)])
    _profiles(
        heads, kind=MentorProfile.Kind.DEPARTMENT_HEAD, roles=("部门业务导师",), capacity=(3, 3),
        words=BUSINESS, rng=ctx.rng, units=depts, titles=("局长", "副局长"),
    )  # fmt: skip
    # The `mentor` login is the `cadre` login's department mentor, named by the department
    # (a pair made before the matching, which then matches the rest).
    role = program.mentor_roles.get(name="部门业务导师")
    MentorPair.objects.create(
        program=program, role=role, mentor=ctx.mentor_user, mentee=ctx.demo_cadre,
        status=MentorPair.Status.ACTIVE, reason="组织指定", confirmed_by=ctx.admin,
    )  # fmt: skip
    pairs = _match(ctx, program) + 1
    MentorPair.objects.filter(program=program).update(started_on=date(2025, 3, 1))
    rows = [(p, u) for p, u in _mentee_users(program) if p.mentor_id != ctx.mentor_user.pk]
    today = timezone.localdate()
    logs = _logs_for(
        ctx, rows, lambda p: ctx.rng.randint(1, 2), date(2025, 3, 10), date(2026, 10, 15)
    )
    logs += _recent(ctx, rows, today)
    _refresh_last_logs(program)
    return {"mentors": len(district) + len(heads), "pairs": pairs, "logs": len(logs)}


def _mars(ctx, industry_units) -> dict:
    program = ctx.mars
    _roles(program, ("产业部门导师", "市场一线导师"), (False, False))
    depts = [industry_units[i % len(industry_units)] for i in range(18)]
    heads = _users(ctx, [(f"hx_cy{i:02d}", u) for i, u in enumerate(depts)])
    _profiles(
        heads, kind=MentorProfile.Kind.DEPARTMENT_HEAD, roles=("产业部门导师",), capacity=(4, 5),
        words=INDUSTRY, rng=ctx.rng, units=depts, titles=("局长", "副局长", "科长"),
    )  # fmt: skip
    entrepreneurs = _users(ctx, [(f"hx_qy{i:02d}", None) for i in range(18)])
    _profiles(
        entrepreneurs, kind=MentorProfile.Kind.ENTREPRENEUR, roles=("市场一线导师",),
        capacity=(4, 5), words=INDUSTRY, rng=ctx.rng, orgs=COMPANIES, titles=("董事长", "总经理"),
    )  # fmt: skip
    MentorProfile.objects.create(
        user=ctx.mentor_user, kind=MentorProfile.Kind.DEPARTMENT_HEAD,
        unit=ctx.mentor_user.org_unit, title="副局长", capacity=4,
        specialties="招商引资 商务服务 数字经济", role_names=["产业部门导师", "部门业务导师"],
    )  # fmt: skip
    pairs = _match(ctx, program)
    MentorPair.objects.filter(program=program).update(started_on=date(2026, 9, 1))
    rows = [(p, u) for p, u in _mentee_users(program) if p.mentor_id != ctx.mentor_user.pk]
    today = timezone.localdate()
    _logs_for(ctx, rows, lambda p: ctx.rng.randint(0, 2), date(2026, 9, 5), date(2026, 10, 31))
    _recent(ctx, rows, today)
    _refresh_last_logs(program)
    return {"mentors": len(heads) + len(entrepreneurs) + 1, "pairs": pairs}


def _mentor_and_cadre(ctx) -> None:
    """Something real for both logins: the cadre's pair has confirmed history, a log the
    cadre wrote waiting for the mentor, one the mentor wrote waiting for the cadre, follow-ups
    due and one overdue; one of the mentor's 火星计划 pairs has had no session since it began."""
    today = timezone.localdate()
    mentor, cadre_user = ctx.mentor_user, ctx.demo_cadre.user
    pair = MentorPair.objects.get(mentor=mentor, mentee=ctx.demo_cadre, status="active")
    now = timezone.now()

    def log(day, mode, topic, writer, confirmer, minutes=60, notes=""):
        return MentoringLog.objects.create(
            pair=pair, date=day, mode=mode, topic=topic, notes=notes, duration_minutes=minutes,
            written_by=writer, confirmed_by=confirmer, confirmed_at=now if confirmer else None,
        )  # fmt: skip

    first = log(date(2025, 3, 20), "talk", "入职岗位认知谈心", mentor, cadre_user)
    log(date(2025, 9, 12), "onsite", "重点企业走访现场指导", mentor, cadre_user, 120)
    review = log(today - timedelta(days=24), "review", "招商项目推进复盘", mentor, cadre_user, 90)
    log(
        today - timedelta(days=3), "task", "梳理商贸企业诉求清单", cadre_user, None, 45,
        "按导师要求走访 5 家商贸企业，汇总用工、融资、物流三类诉求共 12 条。",
    )  # fmt: skip
    pending = log(
        today - timedelta(days=1), "talk", "年度工作小结谈心", mentor, None, 60,
        "交流全年工作体会，明年重点在招商项目跟踪和政策研究。",
    )  # fmt: skip
    FollowUp.objects.bulk_create(
        [
            FollowUp(
                log=first, text="熟悉全区商贸政策汇编", due_date=date(2025, 4, 30), done_at=now
            ),
            FollowUp(log=review, text="完成项目推进情况报告", due_date=today - timedelta(days=5)),
            FollowUp(log=pending, text="提交年度工作小结", due_date=today + timedelta(days=7)),
        ]
    )  # fmt: skip
    pair.last_log_on = review.date
    pair.save(update_fields=["last_log_on"])
    # One 火星计划 mentee of the mentor has no session yet: the pair shows as quiet.
    mine = list(MentorPair.objects.filter(mentor=mentor, program=ctx.mars, status="active"))
    for p in mine[1:]:
        MentoringLog.objects.create(
            pair=p, date=today - timedelta(days=10), mode="onsite", topic="产业园区现场指导",
            duration_minutes=90, written_by=mentor, confirmed_by=p.mentee.user, confirmed_at=now,
        )  # fmt: skip
        p.last_log_on = today - timedelta(days=10)
        p.save(update_fields=["last_log_on"])


def build(ctx) -> dict:
    units = list(OrgUnit.objects.exclude(depth=1).order_by("path"))
    departments = [u for u in units if u.depth == 2 and u.unit_type == UnitType.PARTY_GOVT]
    departments = departments or [u for u in units if u.depth == 2]
    industry = [
        u for u in departments if any(k in u.name for k in ("经济", "商务", "科学", "投资", "发展"))
    ] or departments[:5]
    out = {
        "巴中": _bazhong(ctx, departments),
        "曾都": _zengdu(ctx, departments),
        "火星": _mars(ctx, industry),
    }
    _mentor_and_cadre(ctx)
    out["logs"] = MentoringLog.objects.count()
    _counts.update(out)
    return out


def summary() -> list[str]:
    if not _counts:
        return []
    bz = _counts["巴中"]
    return [
        f"双导师：巴中新苗培优 {bz['pairs']} 个结对（导师 {bz['mentors']} 名），"
        f"曾都 {_counts['曾都']['pairs']} 个结对、{_counts['曾都']['logs']} 次一对一帮带，"
        f"火星计划 {_counts['火星']['pairs']} 个结对；帮带记录共 {_counts['logs']} 条",
    ]
