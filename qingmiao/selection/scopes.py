"""Who sees what of a selection (see accounts.scoping for the layer itself).

- Published programs are readable by every role that may read programs (the public page);
  drafts only by the organizer side (org admins, and leaders read-only) whose unit subtree
  holds the organizer.
- Applications: the organizer side (org admin, leader) sees its programs' applicants; a unit
  officer sees the applications of the cadres in their unit subtree; a cadre sees their own.
- Raters see the stages, candidates and sheets they are assigned to, and nothing else.
"""

from django.db.models import Q

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role

from .models import (
    AdvancementDecision,
    Application,
    Dimension,
    Program,
    RaterAssignment,
    RaterConflict,
    ScoreSheet,
    Stage,
    StageEntry,
    Track,
)

_ORGANIZER_SIDE = (Role.ORG_ADMIN, Role.LEADER)


def _assigned_stage_ids(user):
    return RaterAssignment.objects.filter(rater=user).values("stage_id")


def program_rule(user, prefix: str = "", *, with_assigned: bool = True) -> Q | None:
    grants = []
    if user.has_perm("selection.view_program"):
        grants.append(~Q(**{f"{prefix}status": "draft"}))
        if user.role in _ORGANIZER_SIDE:
            grants.append(scoping.unit_subtree_filter(user, f"{prefix}organizer"))
    if with_assigned and user.has_perm("selection.score"):
        program_ids = Stage.objects.filter(pk__in=_assigned_stage_ids(user)).values("program_id")
        grants.append(Q(**{f"{prefix}pk__in": program_ids}))
    return _any(grants)


def application_rule(user, prefix: str = "") -> Q | None:
    if user.role in _ORGANIZER_SIDE:
        return _any(
            [
                scoping.unit_subtree_filter(user, f"{prefix}program__organizer"),
                scoping.unit_subtree_filter(user, f"{prefix}cadre__unit"),
            ]
        )
    if user.role == Role.UNIT_OFFICER:
        return scoping.unit_subtree_filter(user, f"{prefix}cadre__unit")
    if user.role == Role.CADRE:
        return Q(**{f"{prefix}cadre__user": user})
    return None


def stage_rule(user, prefix: str = "") -> Q | None:
    # A rater sees the stages they score, not every stage of those programs.
    grants = [program_rule(user, f"{prefix}program__", with_assigned=False)]
    if user.has_perm("selection.score"):
        grants.append(Q(**{f"{prefix}pk__in": _assigned_stage_ids(user)}))
    return _any(grants)


def entry_rule(user) -> Q | None:
    grants = [application_rule(user, "application__")]
    if user.has_perm("selection.score"):
        grants.append(Q(pk__in=RaterAssignment.objects.filter(rater=user).values("entry_id")))
    return _any(grants)


def assignment_rule(user, prefix: str = "") -> Q | None:
    grants = []
    if user.role in _ORGANIZER_SIDE:
        grants.append(scoping.unit_subtree_filter(user, f"{prefix}stage__program__organizer"))
    if user.has_perm("selection.score"):
        grants.append(Q(**{f"{prefix}rater": user}))
    return _any(grants)


_any = scoping.any_of


scoping.register(Program, program_rule)
scoping.register(Track, lambda user: program_rule(user, "program__"))
scoping.register(Application, application_rule)
scoping.register(Stage, stage_rule)
scoping.register(Dimension, lambda user: stage_rule(user, "stage__"))
scoping.register(StageEntry, entry_rule)
scoping.register(RaterAssignment, assignment_rule)
scoping.register(ScoreSheet, lambda user: assignment_rule(user, "assignment__"))
scoping.register(
    AdvancementDecision,
    lambda user: (
        scoping.unit_subtree_filter(user, "stage__program__organizer")
        if user.role in _ORGANIZER_SIDE
        else None
    ),
)
scoping.register(
    RaterConflict,
    lambda user: Q() if user.has_perm("selection.manage_raters") else Q(rater=user),
)
