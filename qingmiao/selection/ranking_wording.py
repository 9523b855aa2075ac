"""How the ranking is worded for officials, in one place for the ranking page, the cut, the
stage form and the API: the method's name, one line on what it does, and one sentence on what
it did to this stage's scores compared with the raw average."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models.stage import AggregationMethod

METHOD_EXPLANATION = {
    AggregationMethod.MEAN: gettext_lazy(
        "平均分：各评委总分直接取平均，简单直观，但评委宽严不一时不够公平。"
    ),
    AggregationMethod.TRIMMED_MEAN: gettext_lazy(
        "去掉一个最高分和一个最低分：评委不少于 3 人时去掉一个最高分和一个最低分再取平均，"
        "可抵消个别极端打分。"
    ),
    AggregationMethod.MEDIAN: gettext_lazy(
        "中位数：取各评委总分按高低排列的中间值，受极端打分影响最小。"
    ),
    AggregationMethod.ZSCORE: gettext_lazy(
        "评委分布统一：把每位评委的打分换算为其本人打分范围内的相对位置，再统一折算到全体"
        "评分的尺度上，消除有的评委分数拉得开、有的评委分数挤在一起的差别。"
    ),
    AggregationMethod.SEVERITY: gettext_lazy(
        "评委尺度校正：用全部评分估计每位评委偏严或偏宽的程度并从分数中扣除，即把每位评委"
        "的宽严程度折算掉后的得分；适合每名考生只由部分评委打分的情形（推荐）。"
    ),
}

ADJUSTING = {AggregationMethod.ZSCORE, AggregationMethod.SEVERITY}


def method_label(method: str) -> str:
    return str(AggregationMethod(method).label) if method in AggregationMethod.values else method


def method_explanation(method: str) -> str:
    return str(METHOD_EXPLANATION.get(method, ""))


def adjustment_summary(method: str, summary: dict) -> str:
    """What the method did to the scores, against the raw average, in one plain sentence.
    `summary` is {"scored", "moved", "max_shift", "reordered"} as the stored fit keeps it."""
    scored = summary.get("scored", 0)
    if not scored:
        return _("还没有已提交的评分。")
    if method == AggregationMethod.MEAN:
        return _("得分即原始平均分，未做校正。")
    moved, reordered = summary.get("moved", 0), summary.get("reordered", 0)
    if not moved:
        return _("与原始平均分相比，%(n)s 名考生的得分都没有变化。") % {"n": scored}
    return _(
        "与原始平均分相比，%(moved)s 名考生（共 %(n)s 名）的得分有变化，最多变动 %(max)s 分；"
        "%(reordered)s 名考生的名次因此不同。"
    ) % {
        "moved": moved,
        "n": scored,
        "max": f"{summary.get('max_shift', 0):.2f}",
        "reordered": reordered,
    }


def warning_text(code: str, detail: dict, name: str = "") -> str:
    """One ranking warning as a sentence a person can act on (page and API alike)."""
    if code == "sparse_rater":
        return _("评委%(name)s只评了 %(n)s 人，校正可能不可靠。") % {
            "name": name,
            "n": detail.get("marks", 0),
        }
    if code == "disconnected":
        return _("评委分组互不重叠（%(n)s 组），不同组之间的分数不可比。") % {
            "n": detail.get("components", 0)
        }
    if code == "no_spread":
        return _("评委%(name)s给出的分数全部相同，标准化后无法区分其评价的考生。") % {"name": name}
    if code == "cut_tie":
        return _("晋级线处有同分：第 %(n)s 名附近有并列考生，按规则无法区分，请人工确定。") % {
            "n": detail.get("quota", "")
        }
    return _("提示：%(code)s") % {"code": code}


def unscored_text(count: int, codes: list[str]) -> str:
    shown = "、".join(codes[:8])
    if count > 8:
        shown = _("%(codes)s 等") % {"codes": shown}
    return _("%(n)s 名考生还没有任何已提交的评分，暂不参与排名：%(codes)s。") % {
        "n": count,
        "codes": shown,
    }
