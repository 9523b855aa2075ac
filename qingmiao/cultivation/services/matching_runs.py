"""The automatic matching suggestion: for each of a program's mentor roles, an optimal
assignment of its mentees to mentors (see `qingmiao/cultivation/matching.py` for the costs),
stored as proposed pairs with their reasons for staff to review, adjust and confirm."""

import time
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.cadres.models import Cadre, UnitType
from qingmiao.core import jobs
from qingmiao.selection.models import Application, Program

from .. import matching
from ..models import MatchingRun, MentorPair, MentorProfile, MentorRole
from .mentoring import mentor_loads, require_manager

# Above this many mentees × roles the page runs the matching as a background job.
BACKGROUND_ABOVE = 400
IN_PROGRAM = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)


def program_mentees(program: Program) -> list[tuple[Cadre, str]]:
    """The program's participants (admitted and not eliminated) and their track's name."""
    rows = (
        Application.objects.filter(program=program, outcome__in=IN_PROGRAM)
        .select_related("cadre__unit", "track")
        .order_by("cadre_id")
    )
    return [(a.cadre, a.track.name if a.track else "") for a in rows]


def mentee_text(cadre: Cadre, track: str) -> str:
    unit = cadre.unit
    unit_type = str(UnitType(unit.unit_type).label) if unit and unit.unit_type else ""
    return " ".join(
        [
            track,
            cadre.post,
            cadre.expertise,
            cadre.fulltime_major,
            unit.name if unit else "",
            unit_type,
        ]
    )


def reason_text(p: matching.Placement) -> str:
    parts = [
        _("专长相符：%(words)s") % {"words": "、".join(p.matched)}
        if p.matched
        else _("专长未匹配"),
        _("同一部门") if p.same_department else _("不同单位"),
        _("负荷 %(load)s/%(capacity)s") % {"load": p.load_after, "capacity": p.capacity},
    ]
    return "；".join(parts)


def mentors_for(role: MentorRole, loads: dict) -> list[matching.Mentor]:
    profiles = [
        p
        for p in MentorProfile.objects.filter(is_active=True, user__is_active=True)
        .select_related("unit")
        .order_by("user_id")
        if role.name in (p.role_names or [])
    ]
    return [
        matching.Mentor(
            key=p.user_id,
            keywords=tuple(p.specialties.split()),
            capacity=p.capacity,
            load=loads.get(p.user_id, 0),
            unit_path=p.unit.path if p.unit else "",
        )
        for p in profiles
    ]


def matching_run_create(
    *, actor, program: Program, progress: Callable[[int, int, str], None] | None = None
) -> MatchingRun:
    """Replace the program's open proposals with a new suggestion, role by role. A mentee who
    already has an active pair in a role is not matched again in it; a mentor already paired
    with the mentee in another role (active, or proposed a role earlier in this run) is
    forbidden; each mentor's capacity counts the live pairs they have anywhere else."""
    require_manager(actor, program)
    started = time.perf_counter()
    roles = list(MentorRole.objects.filter(program=program).order_by("sort", "pk"))
    people = program_mentees(program)
    cadres = {c.pk: c for c, _track in people}
    live = list(
        MentorPair.objects.filter(program=program, status=MentorPair.Status.ACTIVE).values_list(
            "mentee_id", "role_id", "mentor_id"
        )
    )
    taken_roles = {(mentee, role) for mentee, role, _m in live}
    forbidden = {(mentee, mentor) for mentee, _r, mentor in live}
    loads = mentor_loads(exclude_program_proposals=program.pk)
    # Solved outside the transaction (progress is written as it goes); written in one.
    role_stats: list[dict] = []
    placements: list[tuple[MentorRole, matching.Placement]] = []
    for index, role in enumerate(roles):
        if progress:
            progress(index, len(roles), _("正在匹配“%(role)s”") % {"role": role.name})
        mentees = [
            matching.Mentee(
                key=c.pk, text=mentee_text(c, track), unit_path=c.unit.path if c.unit else ""
            )
            for c, track in people
            if (c.pk, role.pk) not in taken_roles
        ]
        mentors = mentors_for(role, loads)
        solution = matching.solve(
            mentees, mentors, exclude_superior=role.exclude_own_superior, forbidden=forbidden
        )
        for p in solution.placements:
            placements.append((role, p))
            forbidden.add((p.mentee, p.mentor))
            loads[p.mentor] = loads.get(p.mentor, 0) + 1
        role_stats.append(
            {
                "role": role.name,
                "role_id": role.pk,
                "mentees": len(mentees),
                "mentors": len(mentors),
                "pairs": len(solution.placements),
                "cost": solution.total_cost,
                "unplaced": [{"id": key, "name": cadres[key].name} for key in solution.unplaced],
            }
        )
    with transaction.atomic():
        MentorPair.objects.filter(program=program, status=MentorPair.Status.PROPOSED).delete()
        run = MatchingRun.objects.create(program=program, created_by=actor)
        MentorPair.objects.bulk_create(
            [
                MentorPair(
                    program=program,
                    role=role,
                    mentor_id=p.mentor,
                    mentee_id=p.mentee,
                    status=MentorPair.Status.PROPOSED,
                    run=run,
                    reason=reason_text(p)[:300],
                )
                for role, p in placements
            ],
            batch_size=1000,
        )
        run.stats = {
            "mentees": len(people),
            "pairs": len(placements),
            "unplaced": sum(len(r["unplaced"]) for r in role_stats),
            "cost": sum(r["cost"] for r in role_stats),
            "seconds": round(time.perf_counter() - started, 2),
            "roles": role_stats,
        }
        run.save(update_fields=["stats"])
        audit.record(
            "cultivation.matching.proposed",
            actor=actor,
            obj=run,
            extra={k: v for k, v in run.stats.items() if k != "roles"},
        )
    if progress:
        progress(len(roles), len(roles), _("匹配方案已生成"))
    return run


def matching_size(program: Program) -> int:
    mentees = Application.objects.filter(program=program, outcome__in=IN_PROGRAM).count()
    return mentees * MentorRole.objects.filter(program=program).count()


@jobs.job_handler
def run_matching(job) -> None:
    program = Program.objects.get(pk=job.params["program"])
    run = matching_run_create(actor=job.actor, program=program, progress=job.progress)
    job.params["run"] = run.pk
    type(job).objects.filter(pk=job.pk).update(params=job.params)


def matching_start(*, actor, program: Program):
    """The page's door: a small program is matched in the request (returns the run), a large
    one in a background job with progress (returns the job)."""
    require_manager(actor, program)
    if matching_size(program) <= BACKGROUND_ABOVE:
        return matching_run_create(actor=actor, program=program)
    return jobs.job_start(
        actor=actor,
        handler=run_matching,
        title=_("导师匹配：%(program)s") % {"program": program.name},
        params={"program": program.pk},
    )
