"""How a monthly round's results are computed: pure functions, and the rules in words.

The page states these rules (`TOTAL_RULE`, `CUMULATIVE_RULE`) and the services apply these
functions when a round closes; both read this one module.

- Each evidence source gives a score out of 100:
  任务完成情况 = Σ (dimension score × dimension weight) ÷ (Σ dimension weights × the scale's
  top score) × 100; 服务对象（企业）评价 and 台账检查 = the score given ÷ the top score × 100.
- The total = Σ (source score × source weight) ÷ Σ weights of the sources that have a score, so
  a cadre with no host (or whose host did not answer) is judged on the other sources, not
  marked down.
- The cumulative score weighs the latest month 1 and each month before it 0.8 times the month
  after it; a month in which the cadre was not scored (on leave, not yet in the cohort) is left
  out and the weights of the others are taken as they are: Σ wᵢ·totalᵢ ÷ Σ wᵢ over the months
  scored. Stored as two running sums, so closing a month reads only the month before.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DECAY = Decimal("0.8")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
SOURCES = ("task", "host", "ledger")

TOTAL_RULE = gettext_lazy(
    "综合得分按百分制计算：任务完成情况得分 = 各维度得分按维度权重加权后除以满分；"
    "服务对象（企业）评价和台账检查得分 = 所给分数除以满分；三项再按方案规定的权重加权平均。"
    "某项没有评分的（如没有接收方），按其余各项的权重计算，不作扣分。"
)
CUMULATIVE_RULE = gettext_lazy(
    "累计得分是各月综合得分的加权平均，越近的月份分量越重：最近一个月权重为 1，"
    "往前每早一个月，权重乘以 0.8。某月未参加考察的（如请假、尚未纳入），该月不计入，"
    "按参加的月份计算。"
)


def q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """10.00 → "10", 0.50 → "0.5": a number as an office writes it."""
    return f"{Decimal(value).normalize():f}"


def check_score(value, *, low: Decimal, high: Decimal, step: Decimal, field: str) -> Decimal:
    """A score on the scheme's scale, or a refusal on `field`."""
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        raise ValidationError({field: _("请填写数字。")}) from None
    if not number.is_finite() or number < low or number > high:
        raise ValidationError(
            {
                field: _("分数须在 %(low)s 至 %(high)s 分之间。")
                % {"low": plain(low), "high": plain(high)}
            }
        )
    if step and (number - low) % step != 0:
        raise ValidationError({field: _("分数须按 %(step)s 分一档给出。") % {"step": plain(step)}})
    return number


def task_points(scores: Iterable[tuple[Decimal, Decimal]], high: Decimal) -> Decimal | None:
    """(score, weight) pairs → the dimensions' weighted score out of 100."""
    pairs = list(scores)
    weights = sum((w for _, w in pairs), Decimal(0))
    if not pairs or not weights:
        return None
    return q(sum((s * w for s, w in pairs), Decimal(0)) / (weights * high) * HUNDRED)


def points(value: Decimal | None, high: Decimal) -> Decimal | None:
    return None if value is None else q(Decimal(value) / high * HUNDRED)


def total(parts: dict[str, Decimal | None], weights: dict[str, Decimal]) -> Decimal | None:
    """The sources' weighted mean over those that have a score (None when none has)."""
    present = [
        (value, weights[k]) for k in SOURCES if (value := parts.get(k)) is not None and weights[k]
    ]
    denominator = sum((w for _, w in present), Decimal(0))
    if not denominator:
        return None
    return q(sum((p * w for p, w in present), Decimal(0)) / denominator)


def ranks(values: dict[int, Decimal | None]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4) of the keys with a value, best first."""
    ordered = sorted((v, k) for k, v in values.items() if v is not None)
    ordered.sort(key=lambda pair: -pair[0])
    out: dict[int, int] = {}
    previous, previous_rank = None, 0
    for position, (value, key) in enumerate(ordered, start=1):
        rank = previous_rank if value == previous else position
        out[key] = rank
        previous, previous_rank = value, rank
    return out


def months_between(earlier, later) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def carry(
    previous: tuple[Decimal, Decimal] | None, gap: int, total_now: Decimal | None
) -> tuple[Decimal, Decimal] | None:
    """The running sums (Σ w·total, Σ w) after one more month: the earlier months' weights
    shrink by 0.8 for each month passed, this month's total enters with weight 1."""
    if previous is None and total_now is None:
        return None
    factor = DECAY**gap
    s, w = previous if previous is not None else (Decimal(0), Decimal(0))
    s, w = s * factor, w * factor
    if total_now is not None:
        s, w = s + total_now, w + 1
    return s, w


def movement(rank: int | None, previous: int | None) -> str:
    """↑3, ↓1, 新进 (in the list now, not last time), — (unchanged), or '' (not ranked)."""
    if rank is None:
        return ""
    if previous is None:
        return _("新进")
    if previous > rank:
        return f"↑{previous - rank}"
    if previous < rank:
        return f"↓{rank - previous}"
    return "—"
