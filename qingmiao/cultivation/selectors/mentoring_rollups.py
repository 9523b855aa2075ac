"""Mentoring activity rolled up in SQL, for the program overview and the dashboards:
`(user, program=None, unit=None, year=None)` → plain dicts. Scoped like the lists: a user
counts only the pairs and logs they may see. `unit` takes the mentee's unit and everything
under it; `year` counts the logs (and minutes) dated in that year."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from qingmiao.accounts import scoping

from .. import quiet
from ..models import FollowUp, MentoringLog, MentorPair


def _pairs(user, program, unit):
    pairs = scoping.visible(user, MentorPair).exclude(status="proposed")
    if program is not None:
        pairs = pairs.filter(program=program)
    if unit is not None:
        pairs = pairs.filter(mentee__unit__path__startswith=unit.path)
    return pairs


def _logs(user, program, unit, year):
    logs = scoping.visible(user, MentoringLog).exclude(pair__status="proposed")
    if program is not None:
        logs = logs.filter(pair__program=program)
    if unit is not None:
        logs = logs.filter(pair__mentee__unit__path__startswith=unit.path)
    if year is not None:
        logs = logs.filter(date__year=year)
    return logs


def mentoring_activity(user, program=None, unit=None, year=None) -> dict:
    """Pairs (active, quiet), logs (confirmed), minutes of confirmed logs, confirmed logs per
    active pair, overdue follow-ups."""
    today = timezone.localdate()
    pairs = quiet.with_quiet(_pairs(user, program, unit), today).aggregate(
        pairs=Count("pk"),
        active=Count("pk", filter=Q(status="active")),
        quiet=Count("pk", filter=Q(is_quiet=True)),
    )
    logs = _logs(user, program, unit, year).aggregate(
        logs=Count("pk"),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        minutes=Sum("duration_minutes", filter=Q(confirmed_at__isnull=False)),
    )
    overdue = (
        scoping.visible(user, FollowUp)
        .filter(quiet.overdue_q(today), log__pair__status="active")
        .filter(log__pair__in=_pairs(user, program, unit).values("pk"))
        .count()
    )
    active = pairs["active"] or 0
    return {
        "pairs": pairs["pairs"],
        "active_pairs": active,
        "quiet_pairs": pairs["quiet"],
        "logs": logs["logs"],
        "confirmed_logs": logs["confirmed"],
        "minutes": logs["minutes"] or 0,
        "logs_per_pair": round(logs["confirmed"] / active, 2) if active else 0,
        "overdue_follow_ups": overdue,
    }


def mentoring_by_program(user, program=None, unit=None, year=None) -> list[dict]:
    """The same figures per program (one grouped query for pairs, one for logs)."""
    today = timezone.localdate()
    pair_rows = (
        quiet.with_quiet(_pairs(user, program, unit), today)
        .values("program_id", "program__name")
        .annotate(
            active=Count("pk", filter=Q(status="active")),
            quiet=Count("pk", filter=Q(is_quiet=True)),
        )
        .order_by("program_id")
    )
    log_rows = {
        r["pair__program_id"]: r
        for r in _logs(user, program, unit, year)
        .filter(confirmed_at__isnull=False)
        .values("pair__program_id")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    }
    out = []
    for r in pair_rows:
        logs = log_rows.get(r["program_id"], {})
        n = logs.get("n", 0)
        out.append(
            {
                "program_id": r["program_id"],
                "program": r["program__name"],
                "active_pairs": r["active"],
                "quiet_pairs": r["quiet"],
                "confirmed_logs": n,
                "minutes": logs.get("minutes") or 0,
                "logs_per_pair": round(n / r["active"], 2) if r["active"] else 0,
            }
        )
    return out
