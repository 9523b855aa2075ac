"""Closing a round (results computed then and stored), reopening it with a reason, and
nominating the top of the performance list to the reserve pool.

A round's cumulative figures carry the earlier months' running sums (scoring_rounds.carry), so
closing or reopening a month recomputes the later closed months of the same cohort too; nothing
else recomputes a stored result, and a new scheme version never touches a closed round.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit

from .. import scoring_rounds as rules
from ..models import DimensionScore, Nomination, Round, RoundMember
from .schemes import require

NOMINATE_TOP = 10
RESULT_FIELDS = ("task_points", "host_points", "ledger_points", "total", "rank", "previous_rank",
                 "weighted_sum", "weight_sum", "months_scored", "cumulative", "cumulative_rank",
                 "previous_cumulative_rank")  # fmt: skip


def series(round_: Round):
    """The closed rounds of the same cohort, by month."""
    return Round.objects.filter(
        organizer_id=round_.organizer_id, cohort=round_.cohort, status=Round.Status.CLOSED
    ).order_by("month")


def _earlier(round_: Round) -> dict[int, RoundMember]:
    """Each cadre's latest member row (with running sums) in the cohort's earlier closed
    rounds, one query."""
    rows = (
        RoundMember.objects.filter(
            round__in=series(round_).filter(month__lt=round_.month), weight_sum__isnull=False
        )
        .select_related("round")
        .order_by("round__month")
    )
    return {row.cadre_id: row for row in rows}


def _compute(round_: Round) -> None:
    version = round_.version
    weights = {"task": version.weight_task, "host": version.weight_host,
               "ledger": version.weight_ledger}  # fmt: skip
    high = version.scale_max
    members = list(round_.members.all())
    scores: dict[int, list] = {}
    for s in DimensionScore.objects.filter(member__round=round_).select_related("dimension"):
        scores.setdefault(s.member_id, []).append((s.value, s.dimension.weight))
    previous_round = series(round_).filter(month__lt=round_.month).last()
    previous = {m.cadre_id: m for m in previous_round.members.all()} if previous_round else {}
    earlier = _earlier(round_)
    for m in members:
        scored = m.scored_at is not None
        m.task_points = rules.task_points(scores.get(m.pk, []), high) if scored else None
        m.ledger_points = rules.points(m.ledger_score, high) if scored else None
        m.host_points = rules.points(m.host_score, high) if round_.asks_host else None
        parts = {"task": m.task_points, "host": m.host_points, "ledger": m.ledger_points}
        # A cadre the inspectors did not score is not ranked on the host's word alone.
        m.total = rules.total(parts, weights) if scored else None
        before = earlier.get(m.cadre_id)
        kept = (
            (before.weighted_sum, before.weight_sum)
            if before and before.weighted_sum is not None and before.weight_sum is not None
            else None
        )
        sums = rules.carry(
            kept,
            rules.months_between(before.round.month, round_.month) if before else 0,
            m.total,
        )
        m.months_scored = (before.months_scored if before else 0) + (m.total is not None)
        if sums is None:
            m.weighted_sum = m.weight_sum = m.cumulative = None
        else:
            m.weighted_sum, m.weight_sum = sums
            m.cumulative = rules.q(sums[0] / sums[1]) if sums[1] else None
        last = previous.get(m.cadre_id)
        m.previous_rank = last.rank if last else None
        m.previous_cumulative_rank = last.cumulative_rank if last else None
    month_ranks = rules.ranks({m.pk: m.total for m in members})
    cumulative_ranks = rules.ranks({m.pk: m.cumulative for m in members})
    for m in members:
        m.rank = month_ranks.get(m.pk)
        m.cumulative_rank = cumulative_ranks.get(m.pk)
    RoundMember.objects.bulk_update(members, RESULT_FIELDS, batch_size=500)


def _recompute_later(round_: Round) -> None:
    for later in series(round_).filter(month__gt=round_.month).select_related("version"):
        _compute(later)


@transaction.atomic
def round_close(*, actor, round_: Round) -> Round:
    require(actor, "supervision.manage_rounds")
    round_ = Round.objects.select_for_update().select_related("version").get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError(_("本次考察已经结束。"))
    round_.status = Round.Status.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    _compute(round_)
    _recompute_later(round_)
    unscored = round_.members.filter(scored_at__isnull=True).count()
    audit.record(
        "supervision.round.closed",
        actor=actor,
        obj=round_,
        extra={"members": round_.members.count(), "unscored": unscored},
    )
    return round_


@transaction.atomic
def round_reopen(*, actor, round_: Round, reason: str) -> Round:
    require(actor, "supervision.reopen_round")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请说明重新开启的理由。")})
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.is_open:
        raise ValidationError(_("本次考察尚未结束。"))
    round_.status = Round.Status.OPEN
    round_.closed_at = None
    round_.save(update_fields=["status", "closed_at"])
    # Its results are computed again when it closes; until then it counts for no list.
    round_.members.update(**{f: None for f in RESULT_FIELDS if f != "months_scored"},
                          months_scored=0)  # fmt: skip
    _recompute_later(round_)
    audit.record("supervision.round.reopened", actor=actor, obj=round_, extra={"reason": reason})
    return round_


@transaction.atomic
def nominate(*, actor, member: RoundMember, reason: str, cumulative: bool = False) -> Nomination:
    """Put a cadre at the top of a closed round's list (this month's, or the cumulative one)
    forward for the reserve pool."""
    require(actor, "supervision.nominate_reserve")
    round_ = member.round
    if round_.is_open:
        raise ValidationError(_("考察结束、名次确定后才能推荐。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写推荐理由。")})
    rank = member.cumulative_rank if cumulative else member.rank
    if rank is None or rank > NOMINATE_TOP:
        raise ValidationError(
            {"member": _("只能推荐排名前 %(n)s 名的干部。") % {"n": NOMINATE_TOP}}
        )
    if Nomination.objects.filter(round=round_, cadre_id=member.cadre_id).exists():
        raise ValidationError({"member": _("该干部已在本次考察中被推荐。")})
    if not actor.has_perm("supervision.manage_rounds"):
        raise PermissionDenied("supervision.manage_rounds")
    nomination = Nomination.objects.create(
        round=round_,
        cadre_id=member.cadre_id,
        rank=rank,
        cumulative=cumulative,
        reason=reason,
        nominated_by=actor,
    )
    audit.record(
        "supervision.reserve.nominated",
        actor=actor,
        obj=nomination,
        extra={"rank": rank, "cumulative": cumulative, "reason": reason},
    )
    return nomination
