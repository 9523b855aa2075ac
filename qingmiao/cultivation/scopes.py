"""Who sees what of cultivation (see accounts.scoping for the layer itself).

- The curriculum (topics, courses, lecturers, bases, routes, sessions, trips, requirements,
  plan templates) is a catalogue: every role that may read it sees all of it. Changing it is
  a capability, and a managed getter narrows writes to the organizer's subtree.
- A cadre's own records (attendance, make-ups, pairs and logs, assignments, teams, results,
  plans): the organizer side (org admin, leader) and unit officers see those of the cadres in
  their unit subtree, and the organizer side also those of its programs; the cadre sees their
  own.
- Relations: a mentor sees their own pairs, their logs, their mentees' cadre records, hours,
  assignments and plans, and the teams they mentor; a host contact sees only the assignments
  they host; a lecturer with an account sees their sessions' feedback — in aggregate only,
  which the selectors enforce (no view lists single answers).
"""

from django.db.models import Q

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role
from qingmiao.cadres.models import Cadre
from qingmiao.selection.scopes import program_rule

from .models import (
    Attendance,
    Course,
    CultivationSettings,
    Deliverable,
    DeliverableOutcome,
    FeedbackReceipt,
    FollowUp,
    GrowthPlan,
    HostEvaluation,
    HourRequirement,
    InvestmentRecord,
    Lecturer,
    MakeUpRequest,
    MatchingRun,
    MentoringLog,
    MentorPair,
    MentorProfile,
    MentorRole,
    PlanMilestone,
    PlanTemplate,
    PlanTemplateMilestone,
    PracticeAssignment,
    PracticeReport,
    ProblemSolved,
    Session,
    SessionFeedback,
    SiteRoute,
    StudyTrip,
    StudyTripParticipant,
    Team,
    TeamInvitation,
    TeamMember,
    TeamTask,
    Topic,
    TrainingBase,
)

_ORGANIZER_SIDE = (Role.ORG_ADMIN, Role.LEADER)
_any = scoping.any_of
_LIVE_PAIR = ("proposed", "active")


def catalogue_rule(user) -> Q | None:
    return Q() if user.has_perm("cultivation.view_curriculum") else None


def mentee_ids(user):
    """The cadres a mentor mentors (in a live pair), as a sub-select."""
    return MentorPair.objects.filter(mentor=user, status="active").values("mentee_id")


def cadre_record_rule(user, prefix: str = "", program: str | None = None) -> Q | None:
    """Rows that belong to one cadre (`<prefix>cadre`), optionally to a program too."""
    grants = [scoping.unit_subtree_filter(user, f"{prefix}cadre__unit")]
    if program is not None and user.role in _ORGANIZER_SIDE:
        grants.append(scoping.unit_subtree_filter(user, f"{program}__organizer"))
    if user.role == Role.CADRE:
        grants.append(Q(**{f"{prefix}cadre__user": user}))
    if user.role == Role.MENTOR:
        grants.append(Q(**{f"{prefix}cadre_id__in": mentee_ids(user)}))
    return _any(grants)


def pair_rule(user, prefix: str = "") -> Q | None:
    """Staff by the mentee's unit or the program's organizer; the two sides of a pair see it
    once it is confirmed (a proposal is staff's draft: a mentor who could see it would learn of
    mentees who may yet go to someone else). A leader can be a mentor too, hence any role."""
    confirmed = ~Q(**{f"{prefix}status": "proposed"})
    grants = [
        scoping.unit_subtree_filter(user, f"{prefix}mentee__unit"),
        Q(**{f"{prefix}mentor": user}) & confirmed,
        Q(**{f"{prefix}mentee__user": user}) & confirmed if user.role == Role.CADRE else None,
    ]
    if user.role in _ORGANIZER_SIDE:
        grants.append(scoping.unit_subtree_filter(user, f"{prefix}program__organizer"))
    return _any(grants)


def assignment_rule(user, prefix: str = "") -> Q | None:
    grants = [cadre_record_rule(user, prefix, program=f"{prefix}program")]
    if user.role == Role.UNIT_OFFICER:
        grants.append(scoping.unit_subtree_filter(user, f"{prefix}host_unit"))
    if user.role == Role.HOST:
        grants.append(Q(**{f"{prefix}host_contact": user}))
    return _any(grants)


def _cadre_team_ids(user):
    return TeamMember.objects.filter(cadre__user=user).values("team_id")


def team_rule(user, prefix: str = "") -> Q | None:
    grants = []
    if user.role in _ORGANIZER_SIDE:
        grants.append(scoping.unit_subtree_filter(user, f"{prefix}program__organizer"))
    if user.role in (*_ORGANIZER_SIDE, Role.UNIT_OFFICER):
        members = scoping.unit_subtree_filter(user, "cadre__unit")
        if members is not None:
            grants.append(
                Q(**{f"{prefix}pk__in": TeamMember.objects.filter(members).values("team_id")})
            )
    if user.role == Role.CADRE:
        # A cadre sees the teams of the programs they take part in (to be invited, to accept).
        grants.append(
            Q(
                **{
                    f"{prefix}program__applications__cadre__user": user,
                }
            )
        )
        # ...and always the teams they belong to.
        grants.append(Q(**{f"{prefix}pk__in": _cadre_team_ids(user)}))
    if user.role == Role.MENTOR:
        grants.append(Q(**{f"{prefix}mentors": user}))
    return _any(grants)


def result_rule(user, credited: str) -> Q | None:
    """Deliverables, investment and problems solved: by program (organizer side), by the
    credited cadres' units (officers), the cadre's own or their team's, a mentor's teams."""
    grants = []
    if user.role in _ORGANIZER_SIDE:
        grants.append(scoping.unit_subtree_filter(user, "program__organizer"))
    subtree = scoping.unit_subtree_filter(user, f"{credited}__unit")
    if subtree is not None:
        grants.append(subtree)
        # With no cadre named, a result is credited to its team's members (see
        # selectors/results_rollup.py): their units see it too.
        members = scoping.unit_subtree_filter(user, "cadre__unit")
        grants.append(
            Q(**{f"{credited}__isnull": True})
            & Q(team_id__in=TeamMember.objects.filter(members).values("team_id"))
        )
    if user.role == Role.CADRE:
        grants.append(Q(**{f"{credited}__user": user}) | Q(team_id__in=_cadre_team_ids(user)))
    if user.role == Role.MENTOR:
        grants.append(Q(team__mentors=user))
    return _any(grants)


def _distinct(rule):
    """A rule that crosses a many-to-many relation matches a row once per related row; asked as
    `pk IN (…)` the row comes back once and list counts stay right."""

    def wrapped(user):
        q = rule(user)
        if q is None or not q:
            return q
        return Q(pk__in=_MODEL_OF[wrapped]._default_manager.filter(q).values("pk"))

    return wrapped


_MODEL_OF: dict = {}


def _register_distinct(model, rule):
    wrapped = _distinct(rule)
    _MODEL_OF[wrapped] = model
    scoping.register(model, wrapped)


for _model in (
    Topic,
    Lecturer,
    TrainingBase,
    SiteRoute,
    Course,
    Session,
    StudyTrip,
    HourRequirement,
    PlanTemplate,
    PlanTemplateMilestone,
):
    scoping.register(_model, catalogue_rule)

scoping.register(StudyTripParticipant, lambda user: cadre_record_rule(user))
scoping.register(Attendance, lambda user: cadre_record_rule(user))
scoping.register(MakeUpRequest, lambda user: cadre_record_rule(user))
scoping.register(
    SessionFeedback,
    lambda user: _any(
        [
            scoping.unit_subtree_filter(user, "session__organizer")
            if user.role in _ORGANIZER_SIDE
            else None,
            Q(session__course__lecturers__user=user),
        ]
    ),
)
scoping.register(
    FeedbackReceipt, lambda user: Q(cadre__user=user) if user.role == Role.CADRE else None
)

scoping.register(MentorRole, lambda user: program_rule(user, "program__"))
scoping.register(CultivationSettings, lambda user: program_rule(user, "program__"))
scoping.register(
    MentorProfile,
    lambda user: _any(
        [
            Q() if user.role in (*_ORGANIZER_SIDE, Role.UNIT_OFFICER) else None,
            Q(user=user) if user.role == Role.MENTOR else None,
            Q(user__mentee_pairs__mentee__user=user) if user.role == Role.CADRE else None,
        ]
    ),
)
scoping.register(
    MatchingRun,
    lambda user: (
        scoping.unit_subtree_filter(user, "program__organizer")
        if user.role in _ORGANIZER_SIDE
        else None
    ),
)
scoping.register(MentorPair, pair_rule)
scoping.register(MentoringLog, lambda user: pair_rule(user, "pair__"))
scoping.register(FollowUp, lambda user: pair_rule(user, "log__pair__"))

scoping.register(PracticeAssignment, assignment_rule)
scoping.register(PracticeReport, lambda user: assignment_rule(user, "assignment__"))
scoping.register(HostEvaluation, lambda user: assignment_rule(user, "assignment__"))

_register_distinct(Team, team_rule)


def of_visible_teams(user) -> Q | None:
    """Rows of the teams the user sees, asked as `team IN (…)`: the team rule crosses
    many-to-many relations (mentors, applications), and a join would repeat each row."""
    if scoping.scope_filter(user, Team) is None:
        return None
    return Q(team_id__in=scoping.visible(user, Team).values("pk"))


scoping.register(TeamMember, of_visible_teams)
scoping.register(TeamTask, of_visible_teams)
scoping.register(
    TeamInvitation,
    lambda user: _any(
        [
            of_visible_teams(user) if user.role != Role.CADRE else None,
            Q(cadre__user=user) | Q(invited_by__user=user) if user.role == Role.CADRE else None,
        ]
    ),
)

_register_distinct(Deliverable, lambda user: result_rule(user, "authors"))
_register_distinct(InvestmentRecord, lambda user: result_rule(user, "cadres"))
_register_distinct(ProblemSolved, lambda user: result_rule(user, "cadres"))
scoping.register(
    DeliverableOutcome,
    lambda user: Q(deliverable__in=scoping.visible(user, Deliverable).values("pk")),
)

scoping.register(GrowthPlan, lambda user: cadre_record_rule(user, program="program"))
scoping.register(PlanMilestone, lambda user: cadre_record_rule(user, "plan__"))

# A mentor reads their mentees' cadre records (the register's own rule gives them none).
scoping.register_relation(
    Cadre, lambda user: Q(pk__in=mentee_ids(user)) if user.role == Role.MENTOR else None
)
