"""Scoped reads of sessions' attendance, hours, make-ups, requirements and feedback.

Every total is a SUM of `Attendance.credited_hours` in SQL (see cultivation/hours.py for how a
row's hours are set). A session in two programs counts for each program, and once for the year.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre, OrgUnit
from qingmiao.selection.models import Application, Program

from ..hours import ATTENDED
from ..models import (
    Attendance,
    FeedbackReceipt,
    HourRequirement,
    MakeUpRequest,
    Session,
    SessionFeedback,
)

PARTICIPATING = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)
FEEDBACK_MINIMUM = 3  # below this many answers nothing is shown: a few answers identify people
FEEDBACK_DAYS = 30  # how long after a session its attendees may still rate it
HOURS: DecimalField = DecimalField(max_digits=8, decimal_places=1)
ZERO = Value(Decimal("0"), output_field=HOURS)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The local year as two instants, so a filter on a year is a range on the indexed time."""
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return start, end


def _sessions() -> QuerySet[Session]:
    return Session.objects.select_related("course", "organizer").prefetch_related("programs")


def session_get(user, pk) -> Session:
    return scoping.get_visible_or_404(user, _sessions(), pk=pk)


def managed_session_get(user, pk) -> Session:
    """A session whose attendance this user may take: organized in their subtree, or 404."""
    session = session_get(user, pk)
    subtree = scoping.unit_subtree_filter(user, "organizer")
    if subtree is None or not Session.objects.filter(subtree, pk=session.pk).exists():
        raise Http404
    return session


def attendance_sessions(user) -> QuerySet[Session]:
    """Sessions for the attendance list, with how many were recorded and attended."""
    return scoping.visible(user, Session).annotate(
        recorded=Count("attendance", distinct=True),
        attended=Count("attendance", filter=Q(attendance__status__in=ATTENDED), distinct=True),
    )


def expected_cadres(session: Session) -> QuerySet[Cadre]:
    """Who the roster lists: the participants of the session's programs (applications in
    progress or graduated), and anyone already recorded for it."""
    in_programs = Application.objects.filter(
        cadre=OuterRef("pk"),
        program__in=session.programs.values("pk"),
        outcome__in=PARTICIPATING,
    )
    recorded = Attendance.objects.filter(cadre=OuterRef("pk"), session=session)
    return Cadre.objects.filter(Q(Exists(in_programs)) | Q(Exists(recorded)))


def may_sign_in(session: Session, cadre: Cadre) -> bool:
    """On the roster: a participant of one of its programs; a session with no program is open
    to the organizer's unit subtree."""
    if session.programs.exists():
        return Application.objects.filter(
            cadre=cadre,
            program__in=session.programs.values("pk"),
            outcome__in=PARTICIPATING,
        ).exists()
    return OrgUnit.objects.filter(
        pk=cadre.unit_id, path__startswith=session.organizer.path
    ).exists()


def roster(user, session: Session) -> list[tuple[Cadre, Attendance | None, bool]]:
    """(cadre, their attendance or None, make-up approved) for every expected cadre the user
    may see, by unit then name. Three queries whatever the size."""
    cadres = list(
        scoping.visible(user, Cadre)
        .filter(pk__in=expected_cadres(session).values("pk"))
        .select_related("unit")
        .order_by("unit__path", "name_pinyin", "pk")
    )
    marks = {a.cadre_id: a for a in Attendance.objects.filter(session=session)}
    made_up = set(
        MakeUpRequest.objects.filter(
            session=session, status=MakeUpRequest.Status.APPROVED
        ).values_list("cadre_id", flat=True)
    )
    return [(c, marks.get(c.pk), c.pk in made_up) for c in cadres]


# --- hours ---------------------------------------------------------------------------------


def _hours_filter(program=None, year: int | None = None, prefix: str = "") -> Q:
    q = Q()
    if program is not None:
        q &= Q(**{f"{prefix}session__programs": program})
    if year is not None:
        start, end = year_bounds(year)
        q &= Q(
            **{f"{prefix}session__starts_at__gte": start, f"{prefix}session__starts_at__lt": end}
        )
    return q


def hours_by_cadre(cadre_ids, *, program=None, year: int | None = None) -> dict[int, Decimal]:
    """Credited hours per cadre, in a program or a year (one query)."""
    rows = (
        Attendance.objects.filter(_hours_filter(program, year), cadre_id__in=list(cadre_ids))
        .values("cadre_id")
        .annotate(total=Sum("credited_hours"))
        .order_by()
    )
    return {r["cadre_id"]: r["total"] or Decimal("0") for r in rows}


def hours_subquery(*, program=None, year: int | None = None, cadre_ref: str = "pk"):
    """The cadre's credited hours (in a program, in a year) as an expression to annotate."""
    total = (
        Attendance.objects.filter(_hours_filter(program, year), cadre=OuterRef(cadre_ref))
        .order_by()
        .values("cadre")
        .annotate(total=Sum("credited_hours"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=HOURS), ZERO)


def requirement_get(user, pk) -> HourRequirement:
    return scoping.get_visible_or_404(
        user, HourRequirement.objects.select_related("program", "unit", "tag"), pk=pk
    )


def requirements(user) -> QuerySet[HourRequirement]:
    return scoping.visible(user, HourRequirement).select_related("program", "unit", "tag")


def requirement_group(requirement: HourRequirement) -> Q:
    """The cadres a requirement applies to, as a filter on Cadre."""
    q = Q()
    if requirement.program_id:
        q &= Q(
            pk__in=Application.objects.filter(
                program_id=requirement.program_id, outcome__in=PARTICIPATING
            ).values("cadre_id")
        )
    if requirement.unit is not None:
        q &= Q(unit__in=OrgUnit.objects.filter(path__startswith=requirement.unit.path).values("pk"))
    if requirement.tag_id:
        q &= Q(
            pk__in=Cadre.tags.through.objects.filter(tag_id=requirement.tag_id).values("cadre_id")
        )
    return q


def requirement_progress(user, requirement: HourRequirement) -> QuerySet[Cadre]:
    """The cadres a requirement applies to that the user may see, each with `done`,
    `required` and `short` (hours still missing, 0 when met), computed in SQL."""
    required = Value(requirement.hours, output_field=HOURS)
    return (
        scoping.visible(user, Cadre)
        .filter(requirement_group(requirement))
        .select_related("unit")
        .annotate(
            done=hours_subquery(program=requirement.program, year=requirement.year),
            required=required,
        )
        .annotate(short=F("required") - F("done"))
    )


def progress_counts(queryset: QuerySet[Cadre]) -> dict:
    """How many the requirement concerns and how many meet it. Two COUNTs: PostgreSQL cannot
    filter an aggregate over the wrapped query on the hours annotation."""
    total = queryset.count()
    met = queryset.filter(short__lte=0).count()  # type: ignore[misc]
    return {"total": total, "met": met, "short": total - met}


# --- a cadre's own -------------------------------------------------------------------------


def own_cadre(user) -> Cadre | None:
    return Cadre.objects.filter(user=user).select_related("unit").first()


def my_programs(cadre: Cadre) -> list[Program]:
    return list(
        Program.objects.filter(
            applications__cadre=cadre, applications__outcome__in=PARTICIPATING
        ).order_by("-start_date", "pk")
    )


def applicable_requirements(cadre: Cadre, *, year: int) -> list[HourRequirement]:
    """This year's group requirements and the cadre's programs' requirements that apply."""
    programs = [p.pk for p in my_programs(cadre)]
    candidates = HourRequirement.objects.filter(
        Q(program__isnull=True, year=year) | Q(program__in=programs)
    ).select_related("unit", "tag", "program")
    tags = set(cadre.tags.values_list("pk", flat=True))
    out = []
    for r in candidates:
        if r.unit is not None and not cadre.unit.path.startswith(r.unit.path):
            continue
        if r.tag_id and r.tag_id not in tags:
            continue
        out.append(r)
    return out


def my_hours(cadre: Cadre, *, year: int) -> dict:
    """The cadre's hours per program (against the current stage's minimum) and against each
    requirement that applies."""
    programs = my_programs(cadre)
    stages = {
        a.program_id: a.current_stage
        for a in Application.objects.filter(
            cadre=cadre, program__in=programs, outcome=Application.Outcome.IN_PROGRESS
        ).select_related("current_stage")
    }
    rows = []
    for p in programs:
        done = hours_by_cadre([cadre.pk], program=p).get(cadre.pk, Decimal("0"))
        stage = stages.get(p.pk)
        need = stage.min_credit_hours if stage is not None else None
        label = stage.name if stage is not None and need is not None else ""
        rows.append(_bar(p.name, done, need, label))
    for r in applicable_requirements(cadre, year=year):
        done = hours_by_cadre([cadre.pk], program=r.program, year=r.year).get(
            cadre.pk, Decimal("0")
        )
        rows.append(_bar(r.name, done, r.hours, ""))
    year_done = hours_by_cadre([cadre.pk], year=year).get(cadre.pk, Decimal("0"))
    return {"rows": rows, "year": year, "year_done": year_done}


def _bar(name, done: Decimal, need: Decimal | None, stage: str) -> dict:
    percent = 100 if not need else min(int(done * 100 / need), 100)
    short = max((need or Decimal("0")) - done, Decimal("0"))
    return {
        "name": name,
        "done": done,
        "need": need,
        "percent": percent,
        "short": short,
        "stage": stage,
    }


def my_sessions_today(cadre: Cadre) -> list[Session]:
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = timezone.make_aware(datetime.combine(today, time.max))
    participating = Application.objects.filter(cadre=cadre, outcome__in=PARTICIPATING).values(
        "program_id"
    )
    sessions = list(
        Session.objects.select_related("course", "organizer")
        .filter(starts_at__gte=start, starts_at__lte=end)
        .exclude(status=Session.Status.CANCELLED)
        .filter(
            Q(programs__in=participating)
            | Q(attendance__cadre=cadre)
            | Q(programs__isnull=True, organizer__in=_own_and_ancestor_units(cadre))
        )
        .distinct()
        .order_by("starts_at")
    )
    mine = {
        a.session_id: a
        for a in Attendance.objects.filter(cadre=cadre, session__in=[s.pk for s in sessions])
    }
    for s in sessions:
        s.my_attendance = mine.get(s.pk)  # type: ignore[attr-defined]
    return sessions


def _own_and_ancestor_units(cadre: Cadre) -> list[int]:
    """A session with no program is open to its organizer's subtree (see may_sign_in)."""
    return [u.pk for u in OrgUnit.objects.get_ancestors(cadre.unit)] + [cadre.unit_id]


def awaiting_feedback(cadre: Cadre) -> QuerySet[Session]:
    """Sessions the cadre attended, ended within the last days, not yet rated by them."""
    now = timezone.now()
    answered = FeedbackReceipt.objects.filter(session=OuterRef("pk"), cadre=cadre)
    return (
        Session.objects.select_related("course")
        .filter(
            attendance__cadre=cadre,
            attendance__status__in=ATTENDED,
            ends_at__lte=now,
            ends_at__gte=now - timedelta(days=FEEDBACK_DAYS),
        )
        .exclude(Exists(answered))
        .order_by("-starts_at")
    )


def my_makeups(user) -> QuerySet[MakeUpRequest]:
    return (
        scoping.visible(user, MakeUpRequest)
        .filter(cadre__user=user)
        .select_related("session__course")
        .order_by("-submitted_at", "-pk")
    )


def makeup_candidates(cadre: Cadre) -> QuerySet[Attendance]:
    """The cadre's sessions that earned less than their full hours (and no make-up pending or
    approved): what a make-up may be asked for."""
    open_requests = MakeUpRequest.objects.filter(
        session=OuterRef("session"),
        cadre=cadre,
        status__in=(MakeUpRequest.Status.PENDING, MakeUpRequest.Status.APPROVED),
    )
    return (
        Attendance.objects.filter(cadre=cadre, credited_hours__lt=F("session__credit_hours"))
        .exclude(Exists(open_requests))
        .select_related("session__course")
        .order_by("-session__starts_at")
    )


# --- make-ups (staff) ----------------------------------------------------------------------


def makeups(user) -> QuerySet[MakeUpRequest]:
    return scoping.visible(user, MakeUpRequest).select_related(
        "session__course", "cadre__unit", "decided_by"
    )


def makeup_get(user, pk) -> MakeUpRequest:
    return scoping.get_visible_or_404(user, makeups(user), pk=pk)


# --- feedback ------------------------------------------------------------------------------

DIMENSIONS = ("content", "delivery", "organization", "usefulness")


def feedback_summary(user, session: Session) -> dict | None:
    """The session's feedback as the user may see it: None when they may not see it at all
    (404 for the page); otherwise the number of answers and, from FEEDBACK_MINIMUM answers
    on, the average and the spread of each dimension and the comments in text order (never
    a single answer's scores, date or place among the others)."""
    if not feedback_readable(user, session):
        return None
    answers = scoping.visible(user, SessionFeedback).filter(session=session)
    agg = answers.aggregate(n=Count("pk"), **{d: Avg(d) for d in DIMENSIONS})
    n = agg.pop("n")
    out: dict = {"count": n, "shown": n >= FEEDBACK_MINIMUM, "minimum": FEEDBACK_MINIMUM}
    if not out["shown"]:
        return out
    spread = {d: [0] * 5 for d in DIMENSIONS}
    for d in DIMENSIONS:
        for row in answers.values(d).annotate(k=Count("pk")).order_by():
            spread[d][row[d] - 1] = row["k"]
    labels = {
        d: str(getattr(SessionFeedback._meta.get_field(d), "verbose_name", d)) for d in DIMENSIONS
    }
    out["dimensions"] = [
        {"key": d, "label": labels[d], "average": round(agg[d], 2), "spread": spread[d]}
        for d in DIMENSIONS
    ]
    out["overall"] = round(sum(agg[d] for d in DIMENSIONS) / len(DIMENSIONS), 2)
    out["comments"] = sorted(
        c for c in answers.exclude(comment="").values_list("comment", flat=True)
    )
    return out


def feedback_readable(user, session: Session) -> bool:
    """Staff who may read feedback, for sessions organized in their subtree, and the session's
    lecturers with an account."""
    if user.has_perm("cultivation.view_feedback"):
        subtree = scoping.unit_subtree_filter(user, "organizer")
        if subtree is not None and Session.objects.filter(subtree, pk=session.pk).exists():
            return True
    return Session.objects.filter(pk=session.pk, course__lecturers__user=user).exists()


# --- roll-ups for the overview -------------------------------------------------------------


def attendance_rollup(user, program=None, unit=None, year: int | None = None) -> dict:
    """Sessions, person-times, attendance rate and hours over what the user may see, for the
    program overview and the dashboards. One aggregate query."""
    rows = scoping.visible(user, Attendance).filter(_hours_filter(program, year))
    if unit is not None:
        rows = rows.filter(
            cadre__unit__in=OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        )
    agg = rows.aggregate(
        records=Count("pk"),
        attended=Count("pk", filter=Q(status__in=ATTENDED)),
        sessions=Count("session", distinct=True),
        cadres=Count("cadre", distinct=True),
        hours=Sum("credited_hours"),
    )
    hours = agg["hours"] or Decimal("0")
    agg["hours"] = hours
    agg["attendance_rate"] = round(agg["attended"] / agg["records"], 4) if agg["records"] else 0
    agg["average_hours"] = round(hours / agg["cadres"], 1) if agg["cadres"] else Decimal("0")
    return agg


def hours_distribution(user, program, bands=(0, 25, 50, 75, 100, 125)) -> list[dict]:
    """How many of the program's participants have how many hours (bands of hours)."""
    cadres = (
        scoping.visible(user, Cadre)
        .filter(
            pk__in=Application.objects.filter(
                program=program, outcome__in=(*PARTICIPATING, Application.Outcome.ELIMINATED)
            ).values("cadre_id")
        )
        .annotate(done=hours_subquery(program=program))
    )
    counts = {}
    edges = list(bands)
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else None
        q = Q(done__gte=low) & (Q(done__lt=high) if high is not None else Q())
        counts[f"b{i}"] = Count("pk", filter=q)
    agg = cadres.aggregate(**counts)
    return [
        {"from": low, "to": edges[i + 1] if i + 1 < len(edges) else None, "count": agg[f"b{i}"]}
        for i, low in enumerate(edges)
    ]
