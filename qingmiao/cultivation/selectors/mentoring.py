"""Scoped reads of mentoring: roles, mentors, matching runs, pairs, logs, follow-ups, and what
the personal pages show. Every list here runs a constant number of queries."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qingmiao.accounts import scoping
from qingmiao.selection.models import Program

from .. import quiet
from ..models import (
    FollowUp,
    MatchingRun,
    MentoringLog,
    MentorPair,
    MentorProfile,
    MentorRole,
)

LIVE = ("proposed", "active")


# --- programs, roles, settings --------------------------------------------------------------


def mentoring_programs(user) -> QuerySet[Program]:
    """Programs the user manages mentoring for (organizer in their subtree)."""
    subtree = scoping.unit_subtree_filter(user, "organizer")
    if subtree is None or not user.has_perm("cultivation.manage_mentoring"):
        return Program.objects.none()
    return (
        scoping.visible(user, Program)
        .filter(subtree)
        .exclude(status="draft")
        .annotate(
            role_count=Count("mentor_roles", distinct=True),
            active_pairs=Count(
                "mentor_pairs", filter=Q(mentor_pairs__status="active"), distinct=True
            ),
        )
        .order_by("-start_date", "pk")
    )


def managed_program_get(user, pk) -> Program:
    return scoping.get_visible_or_404(user, mentoring_programs(user), pk=pk)


def role_queryset(user) -> QuerySet[MentorRole]:
    return scoping.visible(user, MentorRole.objects.select_related("program")).order_by(
        "program_id", "sort", "pk"
    )


def role_get(user, pk) -> MentorRole:
    return scoping.get_visible_or_404(user, role_queryset(user), pk=pk)


def program_roles(program: Program) -> list[MentorRole]:
    return list(MentorRole.objects.filter(program=program).order_by("sort", "pk"))


def quiet_weeks(program: Program) -> int:
    return quiet.weeks_for(program.pk)


# --- mentors --------------------------------------------------------------------------------


def mentor_queryset(user) -> QuerySet[MentorProfile]:
    """Mentors with their current load (live pairs: proposed or active)."""
    return scoping.visible(
        user,
        MentorProfile.objects.select_related("user", "unit").annotate(
            load=Count(
                "user__mentee_pairs",
                filter=Q(user__mentee_pairs__status__in=LIVE),
                distinct=True,
            )
        ),
    )


def mentor_get(user, pk) -> MentorProfile:
    return scoping.get_visible_or_404(user, mentor_queryset(user), pk=pk)


def mentor_choices(user, role: MentorRole | None = None) -> list[MentorProfile]:
    """Active mentors (for a role, when given), with loads, for the adjust form."""
    rows = list(mentor_queryset(user).filter(is_active=True).order_by("user__full_name"))
    if role is not None:
        rows = [p for p in rows if role.name in (p.role_names or [])]
    return rows


# --- matching runs --------------------------------------------------------------------------


def run_queryset(user) -> QuerySet[MatchingRun]:
    return scoping.visible(
        user, MatchingRun.objects.select_related("program", "created_by")
    ).order_by("-created_at", "-pk")


def run_get(user, pk) -> MatchingRun:
    return scoping.get_visible_or_404(user, run_queryset(user), pk=pk)


def run_loads(run: MatchingRun) -> list[dict]:
    """Per mentor of the run: the run's pairs by role, the mentor's whole live load and their
    capacity (one grouped query and one fetch of the profiles)."""
    rows = (
        MentorPair.objects.filter(run=run, status__in=LIVE)
        .values("mentor_id", "role__name")
        .annotate(n=Count("pk"))
    )
    per: dict[int, dict] = {}
    for r in rows:
        entry = per.setdefault(r["mentor_id"], {"roles": {}, "in_run": 0})
        entry["roles"][r["role__name"]] = r["n"]
        entry["in_run"] += r["n"]
    profiles = mentor_queryset_unscoped().filter(user_id__in=list(per))
    out = [{"profile": p, **per[p.user_id]} for p in profiles]
    out.sort(key=lambda e: (-e["profile"].load / e["profile"].capacity, e["profile"].user.username))
    return out


def mentor_queryset_unscoped() -> QuerySet[MentorProfile]:
    # Only for mentors already reached through a scoped run or pair.
    return MentorProfile.objects.select_related("user", "unit").annotate(
        load=Count(
            "user__mentee_pairs", filter=Q(user__mentee_pairs__status__in=LIVE), distinct=True
        )
    )


# --- pairs ----------------------------------------------------------------------------------


def pair_queryset(user) -> QuerySet[MentorPair]:
    """Pairs with `is_quiet` and `last_seen` annotated, and the joins a row shows."""
    qs = MentorPair.objects.select_related("program", "role", "mentor", "mentee__unit", "run")
    return quiet.with_quiet(scoping.visible(user, qs), timezone.localdate())


def pair_get(user, pk) -> MentorPair:
    return scoping.get_visible_or_404(user, pair_queryset(user), pk=pk)


def managed_pair_get(user, pk) -> MentorPair:
    """A pair of a program whose mentoring the user manages."""
    return scoping.get_visible_or_404(
        user, pair_queryset(user).filter(program__in=mentoring_programs(user).values("pk")), pk=pk
    )


def pair_logs(pair: MentorPair) -> QuerySet[MentoringLog]:
    return (
        MentoringLog.objects.filter(pair=pair)
        .select_related("written_by", "confirmed_by")
        .prefetch_related("follow_ups")
        .order_by("-date", "-pk")
    )


# --- logs and follow-ups --------------------------------------------------------------------


def log_queryset(user) -> QuerySet[MentoringLog]:
    return scoping.visible(
        user,
        MentoringLog.objects.select_related(
            "pair__program", "pair__role", "pair__mentor", "pair__mentee__unit", "written_by"
        ).annotate(follow_up_count=Count("follow_ups")),
    )


def log_get(user, pk) -> MentoringLog:
    qs = scoping.visible(
        user,
        MentoringLog.objects.select_related(
            "pair__program",
            "pair__role",
            "pair__mentor",
            "pair__mentee__unit",
            "written_by",
            "confirmed_by",
        ).prefetch_related("follow_ups"),
    )
    return scoping.get_visible_or_404(user, qs, pk=pk)


def follow_up_queryset(user) -> QuerySet[FollowUp]:
    return scoping.visible(
        user,
        FollowUp.objects.select_related(
            "log__pair__mentor", "log__pair__mentee", "log__pair__role"
        ),
    ).order_by("due_date", "pk")


def follow_up_get(user, pk) -> FollowUp:
    return scoping.get_visible_or_404(user, follow_up_queryset(user), pk=pk)


# --- the personal pages ---------------------------------------------------------------------


def my_pairs_as_mentor(user) -> list[MentorPair]:
    """The mentor's active pairs, quiet ones first, with open follow-up counts."""
    today = timezone.localdate()
    return list(
        pair_queryset(user)
        .filter(mentor=user, status="active")
        .annotate(
            open_follow_ups=Count(
                "logs__follow_ups", filter=Q(logs__follow_ups__done_at__isnull=True)
            ),
            overdue=Count("logs__follow_ups", filter=quiet.overdue_q(today, "logs__follow_ups__")),
        )
        .order_by("-is_quiet", "last_seen", "mentee__name", "pk")
    )


def my_pairs_as_mentee(user) -> list[MentorPair]:
    return list(
        pair_queryset(user)
        .filter(mentee__user=user, status="active")
        .order_by("program_id", "role__sort", "pk")
    )


def logs_awaiting(user) -> list[MentoringLog]:
    """Logs the other side wrote that wait for this user's confirmation."""
    mine = Q(pair__mentor=user) | Q(pair__mentee__user=user)
    return list(
        log_queryset(user)
        .filter(mine, confirmed_at__isnull=True, pair__status="active")
        .exclude(written_by=user)
        .order_by("-date", "-pk")[:20]
    )


def my_logs(user, limit: int = 10) -> list[MentoringLog]:
    mine = Q(pair__mentor=user) | Q(pair__mentee__user=user)
    return list(log_queryset(user).filter(mine).order_by("-date", "-pk")[:limit])


def follow_ups_due(user, days: int = 14) -> list[FollowUp]:
    """Open follow-ups of the user's pairs, overdue or due within `days`."""
    today = timezone.localdate()
    mine = Q(log__pair__mentor=user) | Q(log__pair__mentee__user=user)
    return list(
        follow_up_queryset(user).filter(
            mine,
            done_at__isnull=True,
            log__pair__status="active",
            due_date__lte=today + timedelta(days=days),
        )[:20]
    )
