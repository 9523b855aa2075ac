"""Build selection programs the way the application does: through the services.

program = make_program(people.org_admin, stages=[{"rule": "top_n", "value": 2}])
open_registration(people.org_admin, program)
apps = [recommend(people.org_admin, program, c) for c in cadres]
start(people.org_admin, program)           # screens everything eligible, then runs
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.selection import services
from qingmiao.selection.models import (
    AdvancementRule,
    Dimension,
    EntryMode,
    Program,
    ProgramKind,
    ProgramStatus,
    RaterAssignment,
    Stage,
)

DEFAULT_DIMENSIONS = (("综合素质", 1, 100),)


def program_data(organizer, **extra) -> dict:
    now = timezone.now()
    return {
        "name": "青年干部训练营",
        "kind": ProgramKind.TRAINING_CAMP,
        "organizer": organizer,
        "description": "面向 35 岁以下年轻干部的选拔培养项目",
        "registration_opens": now - timedelta(days=1),
        "registration_closes": now + timedelta(days=14),
        "entry_mode": EntryMode.BOTH,
        **extra,
    }


def add_stage(
    actor,
    program: Program,
    order: int,
    *,
    name: str = "",
    rule: str = AdvancementRule.TOP_N,
    value=None,
    aggregation: str = "mean",
    k: int = 1,
    dimensions=DEFAULT_DIMENSIONS,
    **fields,
) -> Stage:
    """A stage saved through stage_save, with its dimensions as (name, weight, max_score)."""
    if value is None and rule != AdvancementRule.MANUAL:
        value = 1
    stage = Stage(
        program=program,
        order=order,
        name=name or f"第{order}关",
        advancement_rule=rule,
        rule_value=Decimal(str(value)) if value is not None else None,
        aggregation=aggregation,
        raters_per_candidate=k,
        **fields,
    )
    services.stage_save(actor=actor, stage=stage)
    for i, (dim_name, weight, max_score) in enumerate(dimensions):
        Dimension.objects.create(
            stage=stage,
            name=dim_name,
            weight=Decimal(str(weight)),
            max_score=Decimal(str(max_score)),
            sort=i,
        )
    return stage


def make_program(
    actor,
    *,
    organizer=None,
    tracks=(),
    rule: dict | None = None,
    rule_m2m: dict | None = None,
    stages=({},),
    **data,
) -> Program:
    """A draft program created by `actor`, with its rule and stages (one dict of add_stage
    keywords per stage, in order)."""
    organizer = organizer or actor.org_unit
    program = services.program_create(
        actor=actor, data=program_data(organizer, **data), tracks=list(tracks)
    )
    if rule or rule_m2m:
        services.rule_save(actor=actor, program=program, data=rule or {}, m2m=rule_m2m or {})
    for order, spec in enumerate(stages, start=1):
        add_stage(actor, program, order, **spec)
    return Program.objects.get(pk=program.pk)


def open_registration(actor, program: Program) -> Program:
    """Open registration; `program` itself is refreshed too."""
    services.program_transition(actor=actor, program=program, to=ProgramStatus.REGISTRATION_OPEN)
    program.refresh_from_db()
    return program


def recommend(actor, program: Program, cadre, track=None, statement: str = ""):
    return services.application_recommend(
        actor=actor, program=program, cadre=cadre, track=track, statement=statement
    )


def start(actor, program: Program) -> Program:
    """Screen every unscreened application as eligible, then start the program (refreshed)."""
    pending = list(program.applications.filter(status="submitted"))
    if pending:
        services.applications_screen(
            actor=actor, program=program, applications=pending, eligible=True, reason=""
        )
    services.program_transition(actor=actor, program=program, to=ProgramStatus.RUNNING)
    program.refresh_from_db()
    return program


def make_cadres(unit, n: int, **kwargs) -> list:
    return [CadreFactory(unit=unit, **kwargs) for _ in range(n)]


def make_raters(n: int, *, role: str = Role.RATER, org_unit=None, prefix: str = "rater") -> list:
    return [
        UserFactory(
            username=f"{prefix}{i + 1}",
            full_name=f"评委{i + 1}",
            role=role,
            org_unit=org_unit,
        )
        for i in range(n)
    ]


def running_program(actor, cadres, *, tracks=(), stages=({},), **data):
    """A running program whose first stage holds one entry per cadre (recommended by `actor`)."""
    program = make_program(actor, tracks=tracks, stages=stages, **data)
    open_registration(actor, program)
    for cadre in cadres:
        recommend(actor, program, cadre)
    start(actor, program)
    return Program.objects.get(pk=program.pk)


def first_stage(program: Program) -> Stage:
    return program.stages.order_by("order").first()


def open_scoring(actor, stage: Stage, raters, *, k: int | None = None, seed: int = 1) -> Stage:
    services.assignments_auto(actor=actor, stage=stage, raters=raters, k=k, seed=seed)
    return services.stage_open_scoring(actor=actor, stage=stage)


def assignment_for(rater, entry) -> RaterAssignment:
    return RaterAssignment.objects.select_related("stage", "entry").get(rater=rater, entry=entry)


def submit(rater, entry, values: dict, comment: str = ""):
    """Submit `rater`'s sheet for `entry`; `values` maps a dimension (or its id) to points."""
    assignment = assignment_for(rater, entry)
    return services.sheet_save(
        actor=rater,
        assignment=assignment,
        values={getattr(d, "pk", d): (v, "") for d, v in values.items()},
        comment=comment,
        submit=True,
    )


# A training camp as the page and API suites build it: registration open for two weeks,
# self-application and recommendation, two tracks; stages ranked by the plain mean.


def camp_stage(actor, program, order, name, *, value, dimensions=(), k=2, **fields):
    stage = Stage(
        program=program,
        order=order,
        name=name,
        advancement_rule="top_n",
        rule_value=Decimal(value),
        aggregation="mean",
        raters_per_candidate=k,
        rater_roles=[Role.RATER],
        **fields,
    )
    services.stage_save(actor=actor, stage=stage)
    for i, (dim, weight, top) in enumerate(dimensions):
        Dimension.objects.create(
            stage=stage, name=dim, weight=Decimal(weight), max_score=Decimal(top), sort=i
        )
    return stage


def camp_program(actor, organizer, *, name="火星计划训练营", tracks=("数字经济", "人工智能")):
    now = timezone.now()
    return services.program_create(
        actor=actor,
        data={
            "name": name,
            "kind": ProgramKind.TRAINING_CAMP,
            "organizer": organizer,
            "description": "面向“90后”干部的产业经济训练营",
            "registration_opens": now - timedelta(days=1),
            "registration_closes": now + timedelta(days=14),
            "capacity": 158,
            "entry_mode": EntryMode.BOTH,
        },
        tracks=list(tracks),
    )
