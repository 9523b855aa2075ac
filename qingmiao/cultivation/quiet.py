"""When a mentor pair has gone quiet, and when a follow-up is overdue: one rule that the lists
flag, the personal pages show and the daily reminder acts on.

A pair is quiet when it is active and its last confirmed log (or, before any, its start) is
more than N weeks old, N being the program's `CultivationSettings.quiet_pair_weeks` (4 when the
program has no settings). Programs are few, so the rule is one condition per program with its
own date rather than date arithmetic in SQL, which every database spells differently.
"""

from datetime import date, timedelta

from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.functions import Coalesce

from .models import CultivationSettings

DEFAULT_WEEKS = 4


def weeks_by_program() -> dict[int, int]:
    return dict(CultivationSettings.objects.values_list("program_id", "quiet_pair_weeks"))


def weeks_for(program_id: int, known: dict[int, int] | None = None) -> int:
    known = weeks_by_program() if known is None else known
    return known.get(program_id, DEFAULT_WEEKS)


def quiet_q(today: date, prefix: str = "") -> Q:
    """Q for active pairs gone quiet (on MentorPair; `prefix` for a related model)."""
    known = weeks_by_program()
    last = f"{prefix}last_seen"

    def older(weeks: int) -> Q:
        return Q(**{f"{last}__lt": today - timedelta(weeks=weeks)})

    q = Q(**{f"{prefix}status": "active"}) & (
        Q(**{f"{last}__isnull": True})
        | (older(DEFAULT_WEEKS) & ~Q(**{f"{prefix}program_id__in": list(known)}))
    )
    for program_id, weeks in known.items():
        q |= Q(**{f"{prefix}status": "active", f"{prefix}program_id": program_id}) & older(weeks)
    return q


def with_quiet(queryset, today: date):
    """The pairs with `last_seen` (last log, else start) and `is_quiet` annotated."""
    return queryset.annotate(last_seen=Coalesce("last_log_on", "started_on")).annotate(
        is_quiet=Case(
            When(quiet_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def overdue_q(today: date, prefix: str = "") -> Q:
    """Q for follow-ups past their due date and not done (on FollowUp)."""
    return Q(**{f"{prefix}done_at__isnull": True, f"{prefix}due_date__lt": today})
