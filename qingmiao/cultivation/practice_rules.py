"""Rules of practice assignments that a page announces and a service enforces, in one place:
an assignment's status as its dates say, the report periods it accepts, and when its host may
evaluate it."""

import re
from datetime import date, timedelta

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PracticeAssignment

Status = PracticeAssignment.Status

# The host evaluates near the end: from this many days before the last day, and any time after.
EVALUATION_OPENS_DAYS = 30

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def status_on(start: date, end: date, today: date | None = None) -> str:
    """The status the dates give: not started, under way, or past its end."""
    today = today or timezone.localdate()
    if end < today:
        return Status.FINISHED
    if start <= today:
        return Status.UNDER_WAY
    return Status.PLANNED


def status_expression(today: date | None = None, prefix: str = "") -> Case:
    """The same in SQL, for lists, filters and counts. A status staff set by hand counts as a
    floor: an assignment ended early stays finished, one started early is under way."""
    today = today or timezone.localdate()
    return Case(
        When(Q(**{f"{prefix}status": Status.FINISHED}), then=Value(Status.FINISHED)),
        When(Q(**{f"{prefix}end_date__lt": today}), then=Value(Status.FINISHED)),
        When(
            Q(**{f"{prefix}start_date__lte": today}) | Q(**{f"{prefix}status": Status.UNDER_WAY}),
            then=Value(Status.UNDER_WAY),
        ),
        default=Value(Status.PLANNED),
        output_field=CharField(),
    )


def current_status(assignment: PracticeAssignment, today: date | None = None) -> str:
    if assignment.status == Status.FINISHED:
        return Status.FINISHED
    derived = status_on(assignment.start_date, assignment.end_date, today)
    if derived == Status.PLANNED and assignment.status == Status.UNDER_WAY:
        return Status.UNDER_WAY
    return derived


# --- report periods (a month: "2026-11") ------------------------------------------------------


def parse_period(text: str) -> tuple[int, int] | None:
    match = _PERIOD.match((text or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 else None


def period_label(text: str) -> str:
    parsed = parse_period(text)
    if parsed is None:
        return text
    return _("%(y)s年%(m)s月") % {"y": parsed[0], "m": parsed[1]}


def open_periods(assignment: PracticeAssignment, today: date | None = None) -> list[str]:
    """The months a report may be written for, newest first: from the first month of the
    assignment to its last, but not beyond the current month."""
    today = today or timezone.localdate()
    last = min(assignment.end_date, today)
    y, m = assignment.start_date.year, assignment.start_date.month
    out = []
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out[::-1]


def period_refusal(assignment: PracticeAssignment, period: str, today=None) -> str | None:
    if parse_period(period) is None:
        return _("报告期格式应为“年-月”，如 2026-11。")
    if current_status(assignment, today) == Status.PLANNED:
        return _("锻炼尚未开始，还不能提交报告。")
    if period not in open_periods(assignment, today):
        return _("报告期须在锻炼期间内，且不晚于本月。")
    return None


# --- the host's evaluation --------------------------------------------------------------------


def evaluation_opens(assignment: PracticeAssignment) -> date:
    return assignment.end_date - timedelta(days=EVALUATION_OPENS_DAYS)


def evaluation_open(assignment: PracticeAssignment, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return current_status(assignment, today) == Status.FINISHED or today >= evaluation_opens(
        assignment
    )
