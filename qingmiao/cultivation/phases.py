"""The phase of a new-recruit plan, from its start (the hire date) and today — derived, never
stored: 育苗年 in the first year after hire, 扶苗年 in the second, 壮苗年 in the third, then
已满三年. Pages, the API, lists (in SQL, by comparing the start with three boundary dates) and
the roll-ups all use these boundaries, so they agree to the day."""

from datetime import date

from django.db.models import Case, CharField, Q, Value, When
from django.utils.translation import gettext_lazy as _

NOT_STARTED = "not_started"
YEAR1 = "year1"
YEAR2 = "year2"
YEAR3 = "year3"
COMPLETED = "completed"

CHOICES = [
    (NOT_STARTED, _("尚未入职")),
    (YEAR1, _("育苗年")),
    (YEAR2, _("扶苗年")),
    (YEAR3, _("壮苗年")),
    (COMPLETED, _("已满三年")),
]
LABELS = dict(CHOICES)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def add_months(day: date, months: int) -> date:
    """`day` moved on by whole months, kept within the month's length."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def phase_of(start: date, today: date) -> str:
    if start > today:
        return NOT_STARTED
    if start > years_before(today, 1):
        return YEAR1
    if start > years_before(today, 2):
        return YEAR2
    if start > years_before(today, 3):
        return YEAR3
    return COMPLETED


def phase_q(phase: str, today: date, field: str = "start_date") -> Q:
    """The rows whose plan is in `phase` today, as a filter."""
    one, two, three = (years_before(today, n) for n in (1, 2, 3))
    return {
        NOT_STARTED: Q(**{f"{field}__gt": today}),
        YEAR1: Q(**{f"{field}__gt": one, f"{field}__lte": today}),
        YEAR2: Q(**{f"{field}__gt": two, f"{field}__lte": one}),
        YEAR3: Q(**{f"{field}__gt": three, f"{field}__lte": two}),
        COMPLETED: Q(**{f"{field}__lte": three}),
    }[phase]


def phase_case(today: date, field: str = "start_date") -> Case:
    """The phase as an SQL expression, to group and count by."""
    return Case(
        *(When(phase_q(p, today, field), then=Value(p)) for p, _label in CHOICES),
        output_field=CharField(),
    )
