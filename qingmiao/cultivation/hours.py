"""The one rule that turns attendance marks into credited hours (学时认定).

- present (出勤): the session's full credit hours;
- late, left early, or both: the hours times the share of the session attended
  ((length − minutes late − minutes early) ÷ length), rounded down to the half hour;
- absent (缺勤) or excused (请假): nothing;
- an approved make-up (补学) credits the full hours, whatever the mark.

The attendance services write the result into `Attendance.credited_hours` whenever a mark or a
make-up changes, so every total (per cadre, program, year, unit) is a plain SUM in SQL.
"""

from decimal import ROUND_FLOOR, Decimal

ATTENDED = ("present", "late", "left_early", "late_and_early")
PARTIAL = ("late", "left_early", "late_and_early")
HALF = Decimal("0.5")


def session_minutes(session) -> int:
    return max(int((session.ends_at - session.starts_at).total_seconds() // 60), 1)


def credited(
    *,
    hours: Decimal,
    status: str,
    minutes: int,
    minutes_late: int = 0,
    minutes_early: int = 0,
    made_up: bool = False,
) -> Decimal:
    """Hours credited for one cadre at one session of `minutes` length worth `hours`."""
    hours = Decimal(hours)
    if made_up or status == "present":
        return hours
    if status not in PARTIAL:
        return Decimal("0")
    stayed = max(minutes - minutes_late - minutes_early, 0)
    share = hours * Decimal(stayed) / Decimal(minutes)
    return (share / HALF).to_integral_value(rounding=ROUND_FLOOR) * HALF


def for_attendance(attendance, session, *, made_up: bool = False) -> Decimal:
    return credited(
        hours=session.credit_hours,
        status=attendance.status,
        minutes=session_minutes(session),
        minutes_late=attendance.minutes_late,
        minutes_early=attendance.minutes_early,
        made_up=made_up,
    )
