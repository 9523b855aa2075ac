"""Scoped reads of schemes, rounds, their members and the performance list (实绩清单).

Every list keeps a constant number of queries (the joins and prefetches are here); the
performance list reads the results stored when the round closed, never recomputes them.
"""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from qingmiao.accounts import scoping

from ..models import (
    DimensionScore,
    Nomination,
    Round,
    RoundMember,
    Scheme,
    SchemeDimension,
    SchemeVersion,
    ScorePhoto,
)


def scheme_queryset(user) -> QuerySet[Scheme]:
    return scoping.visible(user, Scheme).order_by("name", "pk")


def scheme_get(user, pk) -> Scheme:
    return scoping.get_visible_or_404(user, Scheme.objects.all(), pk=pk)


def scheme_versions(scheme: Scheme) -> list[SchemeVersion]:
    return list(
        scheme.versions.annotate(round_count=Count("rounds")).prefetch_related(
            Prefetch("dimensions", queryset=SchemeDimension.objects.order_by("order", "pk"))
        )
    )


def round_queryset(user) -> QuerySet[Round]:
    """The rounds the user may see, with their counts, newest month first."""
    return (
        scoping.visible(user, Round)
        .select_related("version__scheme", "organizer")
        .annotate(
            member_count=Count("members", distinct=True),
            scored_count=Count(
                "members", filter=Q(members__scored_at__isnull=False), distinct=True
            ),
        )
        .order_by("-month", "-pk")
    )


def with_counts(rounds) -> list[Round]:
    """A page of rounds (fetched by id, so without the list's annotations) given their member
    and scored counts: one grouped query for the page."""
    rounds = list(rounds)
    counts = {
        row["round_id"]: row
        for row in RoundMember.objects.filter(round__in=[r.pk for r in rounds])
        .values("round_id")
        .annotate(n=Count("pk"), scored=Count("pk", filter=Q(scored_at__isnull=False)))
        .order_by()
    }
    for r in rounds:
        r.member_count = counts.get(r.pk, {}).get("n", 0)
        r.scored_count = counts.get(r.pk, {}).get("scored", 0)
    return rounds


def with_nominated(round_: Round, members) -> list[RoundMember]:
    """A page of the performance list, each row knowing whether its cadre was nominated."""
    members = list(members)
    nominated = set(
        Nomination.objects.filter(
            round=round_, cadre_id__in=[m.cadre_id for m in members]
        ).values_list("cadre_id", flat=True)
    )
    for m in members:
        m.nominated = m.cadre_id in nominated
    return members


def round_get(user, pk) -> Round:
    return scoping.get_visible_or_404(
        user, Round.objects.select_related("version__scheme", "organizer"), pk=pk
    )


def managed_round_get(user, pk) -> Round:
    """A round the user's subtree organized (to close, reopen, nominate), else 404."""
    round_ = round_get(user, pk)
    if not manages(user, round_):
        raise Http404
    return round_


def inspected_rounds(user) -> QuerySet[Round]:
    """An inspector's own rounds (the open ones first)."""
    return (
        Round.objects.filter(inspectors=user)
        .select_related("version__scheme")
        .annotate(
            member_count=Count("members", distinct=True),
            scored_count=Count(
                "members", filter=Q(members__scored_at__isnull=False), distinct=True
            ),
        )
        .order_by("-status", "-month", "-pk")
    )


def inspected_round_get(user, pk) -> Round:
    return scoping.get_visible_or_404(user, inspected_rounds(user), pk=pk)


def _members(user) -> QuerySet[RoundMember]:
    return scoping.visible(user, RoundMember).select_related(
        "cadre__unit", "round__version", "assignment"
    )


def member_get(user, pk) -> RoundMember:
    return scoping.get_visible_or_404(
        user,
        _members(user).prefetch_related(
            Prefetch("scores", queryset=DimensionScore.objects.select_related("dimension")),
            "photos",
        ),
        pk=pk,
    )


def inspected_member_get(user, pk) -> RoundMember:
    member = member_get(user, pk)
    if not member.round.inspectors.filter(pk=user.pk).exists():
        raise Http404
    return member


def round_members(user, round_: Round) -> QuerySet[RoundMember]:
    """The round's members the user may see, by name (the inspectors' list)."""
    return _members(user).filter(round=round_).order_by("cadre__name_pinyin", "pk")


def ranking(user, round_: Round, *, cumulative: bool = False) -> QuerySet[RoundMember]:
    """The performance list: ranked members first (best first), the unranked after them."""
    key = "cumulative_rank" if cumulative else "rank"
    return (
        _members(user)
        .filter(round=round_)
        .annotate(
            nominated=Exists(
                Nomination.objects.filter(round=OuterRef("round"), cadre=OuterRef("cadre"))
            )
        )
        .order_by(F(key).asc(nulls_last=True), "cadre__name_pinyin", "pk")
    )


def hosted_members(user) -> QuerySet[RoundMember]:
    """The members a host contact is asked to evaluate (open rounds first)."""
    return (
        scoping.visible(user, RoundMember)
        .filter(assignment__host_contact=user, round__asks_host=True)
        .select_related("cadre", "round__version", "assignment")
        .order_by("-round__status", "-round__month", "cadre__name_pinyin", "pk")
    )


def hosted_member_get(user, pk) -> RoundMember:
    return scoping.get_visible_or_404(user, hosted_members(user), pk=pk)


def nominations(user, round_: Round) -> QuerySet[Nomination]:
    return (
        scoping.visible(user, Nomination)
        .filter(round=round_)
        .select_related("cadre__unit", "nominated_by")
        .order_by("rank", "pk")
    )


def previous_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(
            organizer_id=round_.organizer_id,
            cohort=round_.cohort,
            status=Round.Status.CLOSED,
            month__lt=round_.month,
        )
        .order_by("-month")
        .first()
    )


def manages(user, round_: Round) -> bool:
    """Whether the user's subtree organized the round (closing, reopening, nominating)."""
    organizer = scoping.unit_subtree_filter(user, "organizer")
    return organizer is not None and Round.objects.filter(organizer, pk=round_.pk).exists()


def photo_get(user, pk) -> ScorePhoto:
    return scoping.get_visible_or_404(user, ScorePhoto.objects.all(), pk=pk)
