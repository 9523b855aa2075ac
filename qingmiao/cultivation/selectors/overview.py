"""A program's cultivation at a glance: hours, attendance, mentoring, practice, teams, results.

Every figure is counted in SQL over what the reader may see (`scoping.visible` of each model),
so a unit officer's overview of a district program counts their own subtree's cadres only, and
the figures agree with the lists they click through to. The whole overview is a fixed number of
queries whatever the program's size.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from qingmiao.accounts import scoping
from qingmiao.selection.models import Application, Program

from .. import practice_rules
from ..models import (
    Attendance,
    CultivationSettings,
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    MentoringLog,
    MentorPair,
    PracticeAssignment,
    ProblemSolved,
    Team,
    TeamMember,
)
from . import hours_progress

ATTENDED = (
    Attendance.Status.PRESENT,
    Attendance.Status.LATE,
    Attendance.Status.LEFT_EARLY,
    Attendance.Status.LATE_AND_EARLY,
)
# Cadres still in a program (or through it); an eliminated one keeps the hours they earned.
IN_PROGRAM = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)
DEFAULT_QUIET_WEEKS = 4
CENTS, TENTH = Decimal("0.01"), Decimal("0.1")


def hours_url(program: Program, **params) -> str:
    """The program's hours-progress list, filtered by `params`."""
    url = reverse("cultivation:hours_progress", args=[program.pk])
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def drill(name: str, **params) -> str | None:
    """The list behind a figure, opened filtered; None while that list does not exist."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


@dataclass
class Band:
    label: str
    n: int
    url: str | None = None
    of_trained: float | None = None  # per cent of the cadres who trained


@dataclass
class Overview:
    program: Program
    required_hours: Decimal | None
    participants: int = 0
    trained: int = 0
    person_times: int = 0
    hours_total: Decimal = Decimal("0")
    hours_bands: list[Band] = field(default_factory=list)
    meeting_requirement: int = 0
    roster_rows: int = 0
    attendance_by_month: list[dict] = field(default_factory=list)
    pairs_active: int = 0
    pairs_quiet: int = 0
    quiet_weeks: int = DEFAULT_QUIET_WEEKS
    mentees: int = 0
    logs_by_month: list[dict] = field(default_factory=list)
    logs_total: int = 0
    log_minutes: int = 0
    practice_by_kind: list[dict] = field(default_factory=list)
    teams: int = 0
    team_members: int = 0
    deliverables_by_kind: list[dict] = field(default_factory=list)
    deliverables: int = 0
    adopted: int = 0
    converted: int = 0
    planned: int = 0
    enterprises: int = 0
    enterprises_settled: int = 0
    capital_total: Decimal = Decimal("0")
    capital_settled: Decimal = Decimal("0")
    problems_solved: int = 0

    @property
    def attendance_rate(self) -> float | None:
        """Present, late or left early out of all roster rows, in per cent."""
        return 100 * self.person_times / self.roster_rows if self.roster_rows else None

    @property
    def average_hours(self) -> Decimal | None:
        if not self.trained:
            return None
        return (self.hours_total / self.trained).quantize(Decimal("0.1"))

    @property
    def logs_per_pair(self) -> Decimal | None:
        if not self.pairs_active:
            return None
        return (Decimal(self.logs_total) / self.pairs_active).quantize(Decimal("0.1"))


def _hours(user, program, ov: Overview) -> None:
    attended = (
        scoping.visible(user, Attendance)
        .filter(session__programs=program)
        .aggregate(
            rows=Count("pk"),
            present=Count("pk", filter=Q(status__in=ATTENDED)),
            hours=Sum("credited_hours"),
        )
    )
    ov.participants = (
        scoping.visible(user, Application)
        .filter(program=program, outcome__in=IN_PROGRAM)
        .values("cadre")
        .distinct()
        .count()
    )
    ov.roster_rows = attended["rows"]
    ov.person_times = attended["present"]
    ov.hours_total = Decimal(attended["hours"] or 0).quantize(TENTH)
    # The bands are the hours-progress list's own, counted over the same queryset, so every
    # figure is the count of the list it opens.
    cadres = hours_progress.hours_progress(user, program, ov.required_hours)
    counts = hours_progress.band_counts(cadres, ov.required_hours)
    ov.trained = sum(b["n"] for b in counts)
    ov.meeting_requirement = next((b["n"] for b in counts if b["key"] == "met"), 0)
    for b in counts:
        of_trained = 100 * b["n"] / ov.trained if ov.trained else None
        url = hours_url(program, band=b["key"])
        ov.hours_bands.append(Band(b["label"], b["n"], url, of_trained))
    by_month = (
        scoping.visible(user, Attendance)
        .filter(session__programs=program)
        .annotate(month=TruncMonth("session__starts_at"))
        .values("month")
        .annotate(rows=Count("pk"), present=Count("pk", filter=Q(status__in=ATTENDED)))
        .order_by("month")
    )
    ov.attendance_by_month = [
        {
            "month": r["month"],
            "rows": r["rows"],
            "present": r["present"],
            "rate": 100 * r["present"] / r["rows"] if r["rows"] else None,
        }
        for r in by_month
    ]


def _mentoring(user, program, ov: Overview) -> None:
    settings = CultivationSettings.objects.filter(program=program).only("quiet_pair_weeks").first()
    ov.quiet_weeks = settings.quiet_pair_weeks if settings else DEFAULT_QUIET_WEEKS
    since = timezone.localdate() - timedelta(weeks=ov.quiet_weeks)
    pairs = (
        scoping.visible(user, MentorPair)
        .filter(program=program, status=MentorPair.Status.ACTIVE)
        .aggregate(
            active=Count("pk"),
            quiet=Count("pk", filter=Q(last_log_on__isnull=True) | Q(last_log_on__lt=since)),
            mentees=Count("mentee", distinct=True),
        )
    )
    ov.pairs_active, ov.pairs_quiet, ov.mentees = pairs["active"], pairs["quiet"], pairs["mentees"]
    logs = (
        scoping.visible(user, MentoringLog)
        .filter(pair__program=program)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by("month")
    )
    ov.logs_by_month = [{"month": r["month"], "n": r["n"], "minutes": r["minutes"]} for r in logs]
    ov.logs_total = sum(r["n"] for r in ov.logs_by_month)
    ov.log_minutes = sum(r["minutes"] or 0 for r in ov.logs_by_month)


def _practice_and_teams(user, program, ov: Overview) -> None:
    kinds = dict(PracticeAssignment.Kind.choices)
    rows = (
        scoping.visible(user, PracticeAssignment)
        .filter(program=program)
        .annotate(state=practice_rules.status_expression())
        .values("kind")
        .annotate(
            n=Count("pk"),
            # the status the practice list shows and filters on: derived from the dates
            under_way=Count("pk", filter=Q(state=PracticeAssignment.Status.UNDER_WAY)),
        )
        .order_by("kind")
    )
    ov.practice_by_kind = [
        {
            "kind": r["kind"],
            "label": str(kinds.get(r["kind"], r["kind"])),
            "n": r["n"],
            "under_way": r["under_way"],
            "url": drill("cultivation:practice_list", program=program.pk, kind=r["kind"]),
            "under_way_url": drill(
                "cultivation:practice_list",
                program=program.pk,
                kind=r["kind"],
                status=PracticeAssignment.Status.UNDER_WAY,
            ),
        }
        for r in rows
    ]
    ov.teams = scoping.visible(user, Team).filter(program=program).count()
    ov.team_members = (
        scoping.visible(user, TeamMember).filter(program=program).values("cadre").distinct().count()
    )


def _results(user, program, ov: Overview) -> None:
    kinds = dict(Deliverable.Kind.choices)
    deliverables = scoping.visible(user, Deliverable).filter(program=program)
    outcome = DeliverableOutcome.Kind
    rows = (
        deliverables.values("kind")
        .annotate(
            n=Count("pk", distinct=True),
            adopted=Count("outcomes", filter=Q(outcomes__kind=outcome.ADOPTED), distinct=True),
            converted=Count("outcomes", filter=Q(outcomes__kind=outcome.CONVERTED), distinct=True),
            planned=Count("outcomes", filter=Q(outcomes__kind=outcome.PLANNED), distinct=True),
        )
        .order_by("kind")
    )
    order = list(kinds)
    ov.deliverables_by_kind = sorted(
        (
            {
                "kind": r["kind"],
                "label": str(kinds.get(r["kind"], r["kind"])),
                "n": r["n"],
                "adopted": r["adopted"],
                "converted": r["converted"],
                "planned": r["planned"],
                "url": drill("cultivation:deliverable_list", program=program.pk, kind=r["kind"]),
                **{
                    f"{o}_url": drill(
                        "cultivation:deliverable_list",
                        program=program.pk,
                        kind=r["kind"],
                        outcome=o,
                    )
                    for o in ("adopted", "converted", "planned")
                },
            }
            for r in rows
        ),
        key=lambda r: order.index(r["kind"]) if r["kind"] in order else len(order),
    )
    for r in ov.deliverables_by_kind:
        ov.deliverables += r["n"]
        ov.adopted += r["adopted"]
        ov.converted += r["converted"]
        ov.planned += r["planned"]
    settled = InvestmentRecord.Stage.SETTLED
    money = (
        scoping.visible(user, InvestmentRecord)
        .filter(program=program)
        .aggregate(
            n=Count("pk"),
            settled=Count("pk", filter=Q(stage=settled)),
            capital=Sum("registered_capital"),
            capital_settled=Sum("registered_capital", filter=Q(stage=settled)),
        )
    )
    ov.enterprises, ov.enterprises_settled = money["n"], money["settled"]
    # SQLite sums decimals as floats: bring them back to the fen, as PostgreSQL returns them.
    ov.capital_total = Decimal(money["capital"] or 0).quantize(CENTS)
    ov.capital_settled = Decimal(money["capital_settled"] or 0).quantize(CENTS)
    ov.problems_solved = scoping.visible(user, ProblemSolved).filter(program=program).count()


def program_overview(user, program: Program) -> Overview:
    """The overview of one program the reader may see (get it with the selection getter)."""
    ov = Overview(program=program, required_hours=hours_progress.program_requirement(program).hours)
    _hours(user, program, ov)
    _mentoring(user, program, ov)
    _practice_and_teams(user, program, ov)
    _results(user, program, ov)
    return ov


def overview_programs(user):
    """The published programs the reader may look at, newest first (the page's picker)."""
    return (
        scoping.visible(user, Program)
        .exclude(status="draft")
        .only("pk", "name", "start_date")
        .order_by("-start_date", "-id")
    )
