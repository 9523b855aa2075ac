"""Demo selections in the shape of the seed reports.

- 火星计划训练营（2026）: open self-application for cadres born in the 1990s; 1000+ apply,
  158 are admitted (8 doctorates, 128 master's, about 70 % born 1995 or later) by
  entrepreneur raters; the general training's marks are in, and its cut (75 advance, only
  those with 100 hours) is confirmed by the cultivation demo once the attendance is recorded.
- 经济型专业干部成长营（2026）: three tracks with partner institutions; 744 apply across
  levels, 70 are chosen; its practical assessment is being scored now (the demo rater has
  sheets to fill in).
- 火星计划训练营（2027）: a draft with rules, tracks and stages set, ready to publish, so the
  whole selection can be run in the browser.

Scores are generated from a latent ability plus each rater's severity and noise, then ranked and
cut through the real services, so every number on the funnel comes from the product's own logic.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.demo.registry import set_demo_password
from qingmiao.cadres.models import Cadre, OrgUnit
from qingmiao.core.bulk import insert_rows, reserve_ids

from .. import ranking, services
from ..models import (
    Application,
    Dimension,
    Program,
    ProgramKind,
    RaterAssignment,
    Score,
    ScoreSheet,
    Stage,
    StageEntry,
)

MARS_TRACKS = [
    "数字经济", "人工智能", "商务服务", "文化传媒", "金融科技", "生命健康",
    "国际会展", "科技创新", "现代服务业", "城市更新", "低空经济",
]  # fmt: skip
GROWTH_TRACKS = ["智能物联", "生命健康", "新材料"]
ENTREPRENEURS = [
    "林志远", "陈思雨", "赵宏伟", "周静怡", "黄海涛", "吴晓峰",
    "郑雅琪", "王建国", "刘一鸣", "孙婉清", "钱博文", "冯嘉怡",
]  # fmt: skip
MARS_DIMENSIONS = [("市场眼光", 2, 40), ("专业素养", 1.5, 30), ("沟通表达", 1, 30)]
GROWTH_DIMENSIONS = [("经济思维", 2, 40), ("产业理解", 1.5, 30), ("实干作风", 1, 30)]


def _aware(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))


def _raters(admin_unit) -> list[User]:
    raters = []
    for i, name in enumerate(ENTREPRENEURS, start=1):
        user = User(username=f"ent{i:02d}", full_name=name, role=Role.RATER)
        set_demo_password(user)
        user.save()
        raters.append(user)
    return raters


def _stage(program, order, name, rule, value, dims, **extra) -> Stage:
    stage = Stage(
        program=program,
        order=order,
        name=name,
        advancement_rule=rule,
        rule_value=value,
        rater_roles=[Role.RATER],
        raters_per_candidate=3,
        tie_breaks=["first_dimension", "earlier_application"],
        **extra,
    )
    stage.save()
    for i, (dim, weight, mx) in enumerate(dims):
        Dimension.objects.create(
            stage=stage, name=dim, weight=Decimal(str(weight)), max_score=Decimal(mx), sort=i
        )
    return stage


def _assignments(stage: Stage) -> list[tuple[int, int, int]]:
    """(assignment, rater, application) of every assignment, in the order the database gives
    the assignments with their entries — the order the sheets were always written in, which
    decides who draws which marks — but as plain rows, not model objects: the same query's
    rows, read by column."""
    query = stage.assignments.select_related("entry")
    sql, params = query.query.sql_with_params()
    own = [f.attname for f in RaterAssignment._meta.concrete_fields]
    entry = [f.attname for f in StageEntry._meta.concrete_fields]
    at = (own.index("id"), own.index("rater_id"), len(own) + entry.index("application_id"))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[at[0]], row[at[1]], row[at[2]]) for row in cursor.fetchall()]


def _score(
    stage: Stage,
    ability: dict[int, float],
    severity: dict[int, float],
    rng,
    *,
    submit_all=True,
    leave_open_for=None,
):
    """Write every assigned sheet: each dimension's points follow the candidate's ability on a
    0–100 scale, shifted by the rater's severity and noise, clipped to the dimension's range.
    Sheets and marks are written as plain rows (a large stage has half a million marks)."""
    dims = list(stage.dimensions.all())
    weights = {d.pk: (d.weight, d.max_score) for d in dims}
    assignments = _assignments(stage)
    sheets, marks = [], []
    now = timezone.now()
    status = ScoreSheet.Status.SUBMITTED if submit_all else ScoreSheet.Status.DRAFT
    submitted_at = now if submit_all else None
    half = Decimal("0.5")
    skip = leave_open_for.pk if leave_open_for is not None else None
    drawn = []
    for assignment_id, rater_id, application_id in assignments:
        if rater_id == skip and rng.random() < 0.6:
            continue  # the demo rater still has sheets to fill in
        level = ability[application_id] + severity[rater_id]
        values = {}
        for d in dims:
            pct = min(max(level + rng.gauss(0, 3), 5), 100) / 100
            values[d.pk] = (Decimal(str(pct)) * d.max_score).quantize(half)
        total = ranking.weighted_total(values, weights)
        drawn.append((assignment_id, Decimal(str(round(total, 3))), values))
    ids = reserve_ids(ScoreSheet, len(drawn))
    for sheet_id, (assignment_id, total, values) in zip(ids, drawn, strict=True):
        sheets.append((sheet_id, assignment_id, status, total, submitted_at))
        marks.extend((sheet_id, dim_id, value) for dim_id, value in values.items())
    insert_rows(ScoreSheet, ("id", "assignment_id", "status", "total", "submitted_at"), sheets)
    insert_rows(Score, ("sheet_id", "dimension_id", "value"), marks)


def _apply(program, cadres, rng, when: datetime, statement: str):
    """Self-applications, their submission times spread over the registration window (for
    realistic lists and tie-breaks): every track drawn first, then every time, as when the
    applications were made one by one and then stamped."""
    tracks = list(program.tracks.values_list("pk", flat=True))
    chosen = [rng.choice(tracks) for _ in cadres]
    rows = [
        (
            program.pk,
            getattr(cadre, "pk", cadre),
            track,
            Application.Mode.SELF,
            statement,
            Application.Status.SUBMITTED,
            when + timedelta(minutes=37 * i + rng.randint(0, 30)),
        )
        for i, (cadre, track) in enumerate(zip(cadres, chosen, strict=True))
    ]
    fields = ("program_id", "cadre_id", "track_id", "mode", "statement", "status", "created_at")
    insert_rows(Application, fields, rows)


def _mars(admin, raters, rng) -> dict:
    root = admin.org_unit
    program = services.program_create(
        actor=admin,
        data={
            "name": "火星计划训练营（2026）",
            "kind": ProgramKind.TRAINING_CAMP,
            "organizer": root,
            "description": (
                "面向全区机关企事业单位“90后”干部的产业经济训练营。"
                "无须单位推荐，自主报名；入营后竞争闯关、逐轮进阶，由一线企业家授课并考察打分。"
            ),
            "partner_institutions": "区内重点企业、产业园区",
            "start_date": date(2026, 4, 15),
            "end_date": date(2026, 12, 31),
            "registration_opens": _aware(2026, 3, 1),
            "registration_closes": _aware(2099, 1, 1),
            "capacity": 158,
            "entry_mode": "self",
        },
        tracks=MARS_TRACKS,
    )
    services.rule_save(
        actor=admin,
        program=program,
        data={"born_from": date(1990, 1, 1), "born_to": date(1999, 12, 31)},
        m2m={},
    )
    admission = _stage(
        program,
        1,
        "入营选拔",
        "top_n",
        158,
        MARS_DIMENSIONS,
        description="企业家评委书面评审报名材料与自述",
    )
    general = _stage(
        program,
        2,
        "通识培训",
        "top_n",
        75,
        MARS_DIMENSIONS,
        description="100 学时通识培训后由授课企业家考察打分",
        min_credit_hours=Decimal("100"),
    )
    _stage(
        program,
        3,
        "实践闯关",
        "top_percent",
        40,
        MARS_DIMENSIONS,
        description="自由组队开展产业调研与招商实践，双导师指导",
    )
    program = services.program_transition(actor=admin, program=program, to="registration_open")
    Program.objects.filter(pk=program.pk).update(registration_closes=_aware(2099, 1, 2))

    young = list(
        Cadre.objects.filter(birth_date__gte=date(1990, 1, 1), birth_date__lte=date(1999, 12, 31))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Almost everyone born in the 1990s answered the call; a few older cadres tried as well.
    applicants = [c for c in young if rng.random() < 0.93]
    older = list(
        Cadre.objects.filter(birth_date__year__in=[1988, 1989])
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
    _apply(
        program,
        applicants + older,
        rng,
        _aware(2026, 3, 1),
        "对产业经济有浓厚兴趣，希望到市场一线锻炼。",
    )
    services.applications_screen_by_rules(actor=admin, program=program)
    program = services.program_transition(actor=admin, program=program, to="running")

    # Who the entrepreneurs will rate highest: drawn to the reported shape of the 158.
    # Read as plain values: the admission stage of a large district has tens of thousands.
    entries = [
        SimpleNamespace(application_id=a, edu=edu or "", born=born)
        for a, edu, born in admission.entries.values_list(
            "application_id",
            "application__cadre__fulltime_education__code",
            "application__cadre__birth_date",
        )
    ]
    n_admit = min(158, len(entries))
    by_kind = {"phd": [], "master_95": [], "master_90": [], "other_95": [], "other_90": []}
    for e in entries:
        edu = e.edu
        late = e.born.year >= 1995
        key = (
            "phd"
            if edu == "11"
            else ("master" if edu == "14" else "other") + ("_95" if late else "_90")
        )
        if key == "phd":
            by_kind["phd"].append(e)
        else:
            by_kind[key].append(e)
    for bucket in by_kind.values():
        rng.shuffle(bucket)
    scale = n_admit / 158
    quota = {
        "phd": round(8 * scale),
        "master_95": round(90 * scale),
        "master_90": round(38 * scale),
        "other_95": round(16 * scale),
        "other_90": 0,
    }
    quota["other_90"] = n_admit - sum(quota.values())
    chosen = set()
    for key, n in quota.items():
        chosen.update(e.application_id for e in by_kind[key][:n])
    while len(chosen) < n_admit:  # small demo districts: fill from anyone left
        chosen.add(rng.choice(entries).application_id)
    ability = {
        e.application_id: (
            rng.uniform(82, 95) if e.application_id in chosen else rng.uniform(45, 72)
        )
        for e in entries
    }
    severity = {r.pk: rng.gauss(0, 3) for r in raters}
    services.assignments_auto(actor=admin, stage=admission, raters=raters, seed=1)
    services.stage_open_scoring(actor=admin, stage=admission)
    Stage.objects.filter(pk=admission.pk).update(
        scoring_opens=_aware(2026, 4, 1), scoring_closes=_aware(2026, 4, 10)
    )
    admission.refresh_from_db()
    _score(admission, ability, severity, rng)
    services.advancement_confirm(
        actor=admin, stage=admission, note="按企业家评委评分确定入营名单。"
    )

    general.refresh_from_db()
    gen_entries = list(general.entries.all())
    ability2 = {
        e.application_id: ability[e.application_id] - 10 + rng.uniform(-8, 8) for e in gen_entries
    }
    services.assignments_auto(actor=admin, stage=general, raters=raters, seed=2)
    services.stage_open_scoring(actor=admin, stage=general)
    _score(general, ability2, severity, rng)
    # The cut of 通识培训 waits for the attended hours (its 100-hour minimum is enforced at
    # advancement): the cultivation demo records the training's attendance, then confirms it.
    return {
        "program": program.name,
        "applications": len(applicants) + len(older),
        "admitted": n_admit,
    }


def _growth(admin, raters, demo_rater, rng) -> dict:
    root = admin.org_unit
    program = services.program_create(
        actor=admin,
        data={
            "name": "经济型专业干部成长营（2026）",
            "kind": ProgramKind.GROWTH_CAMP,
            "organizer": root,
            "description": (
                "聚焦智能物联、生命健康、新材料三条前沿产业赛道，"
                "课程赋能、实战实训、交流比学，好中选优培养学经济、懂经济、抓经济的专业干部。"
            ),
            "partner_institutions": "华为全球培训中心、浙大杭州国际科创中心",
            "start_date": date(2026, 5, 10),
            "end_date": date(2027, 1, 31),
            "registration_opens": _aware(2026, 4, 1),
            "registration_closes": _aware(2099, 1, 1),
            "capacity": 70,
            "entry_mode": "both",
        },
        tracks=GROWTH_TRACKS,
    )
    selection = _stage(
        program,
        1,
        "综合评审",
        "top_n",
        70,
        GROWTH_DIMENSIONS,
        description="好中选优：书面材料与经济工作实绩综合评审",
    )
    practical = _stage(
        program,
        2,
        "实训考核",
        "top_percent",
        60,
        GROWTH_DIMENSIONS,
        description="产业一线实训后的考核评分",
        blind=True,
    )
    program = services.program_transition(actor=admin, program=program, to="registration_open")
    pool = list(
        Cadre.objects.filter(birth_date__lte=date(1999, 12, 31))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng.shuffle(pool)
    applicants = pool[: min(744, len(pool))]
    _apply(program, applicants, rng, _aware(2026, 4, 1), "从事经济工作，希望系统提升专业能力。")
    services.applications_screen_by_rules(actor=admin, program=program)
    program = services.program_transition(actor=admin, program=program, to="running")
    entries = list(selection.entries.all())
    ability = {e.application_id: rng.gauss(68, 10) for e in entries}
    severity = {r.pk: rng.gauss(0, 4) for r in raters}
    services.assignments_auto(actor=admin, stage=selection, raters=raters, seed=3)
    services.stage_open_scoring(actor=admin, stage=selection)
    _score(selection, ability, severity, rng)
    services.advancement_confirm(
        actor=admin, stage=selection, note="744 人报名，好中选优确定 70 人。"
    )

    practical.refresh_from_db()
    panel = [demo_rater, *raters[:5]]
    severity[demo_rater.pk] = 0.0
    services.assignments_auto(actor=admin, stage=practical, raters=panel, seed=4)
    services.stage_open_scoring(actor=admin, stage=practical)
    Stage.objects.filter(pk=practical.pk).update(scoring_closes=timezone.now() + timedelta(days=30))
    practical.refresh_from_db()
    _score(
        practical,
        {a: ability[a] for a in practical.entries.values_list("application_id", flat=True)},
        severity,
        rng,
        leave_open_for=demo_rater,
    )
    return {
        "program": program.name,
        "applications": len(applicants),
        "selected": min(70, len(entries)),
    }


def _draft(admin) -> dict:
    program = services.program_create(
        actor=admin,
        data={
            "name": "火星计划训练营（2027）",
            "kind": ProgramKind.TRAINING_CAMP,
            "organizer": admin.org_unit,
            "description": (
                "第二期火星计划：面向“90后”干部，不论出处、不看层级；"
                "干部可自主报名，各单位也可推荐本单位的优秀年轻干部。"
            ),
            "start_date": date(2027, 4, 1),
            "end_date": date(2027, 12, 31),
            "registration_opens": timezone.now(),
            "registration_closes": timezone.now() + timedelta(days=60),
            "capacity": 150,
            # Self-application and unit recommendation both: the walk-through has a cadre
            # apply and the commerce bureau's officer recommend a colleague.
            "entry_mode": "both",
        },
        tracks=MARS_TRACKS[:6],
    )
    services.rule_save(
        actor=admin,
        program=program,
        data={"born_from": date(1990, 1, 1), "born_to": date(1999, 12, 31)},
        m2m={},
    )
    _stage(program, 1, "入营选拔", "top_n", 150, MARS_DIMENSIONS)
    _stage(program, 2, "通识培训", "top_n", 75, MARS_DIMENSIONS, min_credit_hours=Decimal("100"))
    return {"program": program.name, "status": "draft"}


@transaction.atomic
def build(seed: int = 2026) -> dict:
    rng = random.Random(seed)
    admin = User.objects.get(username="orgadmin")
    demo_rater = User.objects.get(username="rater")
    raters = _raters(OrgUnit.objects.get(pk=admin.org_unit_id))
    return {
        "mars": _mars(admin, raters, rng),
        "growth": _growth(admin, raters, demo_rater, rng),
        "draft": _draft(admin),
        "raters": len(raters) + 1,
    }
