"""Selection's sentences shown by more than one page or by a page and the API: the
advancement rule, ranking warnings, the aggregation method (its name, one line on what it does,
and what it did to a stage's scores against the raw average) and how a rater sees a candidate.
One wording, so a user reads the same thing on every screen and in every client."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrPromise

from qingmiao.cadres.templatetags.qingmiao import plain_number

from .models import AdvancementRule
from .models.stage import AggregationMethod


def rule_text(rule: str, value) -> str:
    """The rule in short: 前 20 名晋级, 前 30% 晋级, 达到 80 分晋级."""
    if rule == AdvancementRule.TOP_N and value is not None:
        return _("前 %(n)s 名晋级") % {"n": int(value)}
    if rule == AdvancementRule.TOP_PERCENT and value is not None:
        return _("前 %(x)s%% 晋级") % {"x": f"{value.normalize():f}"}
    if rule == AdvancementRule.CUT_LINE and value is not None:
        return _("达到 %(x)s 分晋级") % {"x": f"{value.normalize():f}"}
    return str(AdvancementRule(rule).label) if rule in AdvancementRule.values else rule


def advancement_text(stage) -> str:
    """The rule as an applicant reads it: 按得分排名，前 75 名晋级…"""
    value = stage.rule_value
    rule = stage.advancement_rule
    if value is not None:
        if rule == AdvancementRule.TOP_N:
            return _("按得分排名，前 %(n)s 名晋级") % {"n": plain_number(value)}
        if rule == AdvancementRule.TOP_PERCENT:
            return _("按得分排名，前 %(x)s%% 晋级") % {"x": plain_number(value)}
        if rule == AdvancementRule.CUT_LINE:
            return _("百分制得分达到 %(x)s 分晋级") % {"x": plain_number(value)}
    if rule == AdvancementRule.MANUAL:
        return _("由组织部门综合评定晋级人选")
    return str(AdvancementRule(rule).label)


def method_label(method: str) -> str:
    return str(AggregationMethod(method).label) if method in AggregationMethod.values else method


def candidate_label(assignment) -> str:
    """How a rater sees a candidate: the code only under blind review."""
    entry = assignment.entry
    if assignment.stage.blind:
        return _("考生 %(code)s") % {"code": entry.code}
    cadre = entry.application.cadre
    return _("%(code)s %(name)s（%(unit)s）") % {
        "code": entry.code,
        "name": cadre.name,
        "unit": cadre.unit.name,
    }


def preview_warning_text(warning, preview, codes: dict) -> str:
    """A warning of a live preview (the cut), with the rater's name."""
    rater = preview.raters.get(warning.subject)
    name = rater.display_name if rater is not None else ""
    if warning.code == "unscored_candidate":
        return unscored_text(1, [codes.get(warning.subject, "")])
    return warning_text(warning.code, warning.detail, name)


def warning_texts(preview, codes: dict) -> list[str]:
    """The preview's warnings for a page: candidates without marks summed up in one line."""
    texts = []
    unscored = [
        codes.get(w.subject, w.subject) for w in preview.warnings if w.code == "unscored_candidate"
    ]
    if unscored:
        texts.append(unscored_text(len(unscored), [str(c) for c in sorted(unscored)]))
    texts += [
        preview_warning_text(w, preview, codes)
        for w in preview.warnings
        if w.code != "unscored_candidate"
    ]
    return texts


def stored_warnings(warnings: list) -> list[str]:
    """The warnings kept with a decision (code and detail only, no rater names)."""
    texts = []
    for w in warnings or []:
        code, detail = w.get("code"), w.get("detail") or {}
        if code == "sparse_rater":
            texts.append(
                _("有评委只评了 %(n)s 人，校正可能不可靠。") % {"n": detail.get("marks", 0)}
            )
        elif code == "disconnected":
            texts.append(
                _("评委分组互不重叠（%(n)s 组），不同组之间的分数不可比。")
                % {"n": detail.get("components", 0)}
            )
        elif code == "cut_tie":
            texts.append(
                _("晋级线处有同分：第 %(n)s 名附近有并列考生，按规则无法区分，请人工确定。")
                % {"n": detail.get("quota", "")}
            )
        elif code == "unscored_candidate":
            texts.append(_("有考生没有任何已提交的评分。"))
        elif code == "no_spread":
            texts.append(_("有评委给出的分数全部相同。"))
    return texts


METHOD_EXPLANATION: dict[str, StrPromise] = {
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
