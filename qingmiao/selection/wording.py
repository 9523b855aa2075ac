"""Selection's sentences shown by more than one page or by a page and the API: the
advancement rule, ranking warnings, the aggregation method and how a rater sees a candidate.
One wording, so a user reads the same thing on every screen and in every client."""

from django.utils.translation import gettext as _

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


def warning_text(warning, preview, codes: dict) -> str:
    """One ranking warning in a sentence a person can act on."""
    rater = preview.raters.get(warning.subject)
    name = rater.display_name if rater is not None else ""
    detail = warning.detail
    if warning.code == "sparse_rater":
        return _("评委%(name)s只评了 %(n)s 人，校正可能不可靠。") % {
            "name": name,
            "n": detail.get("marks", 0),
        }
    if warning.code == "disconnected":
        return _("评委分组互不重叠（%(n)s 组），不同组之间的分数不可比。") % {
            "n": detail.get("components", 0)
        }
    if warning.code == "unscored_candidate":
        return _("%(n)s 名考生还没有任何已提交的评分，暂不参与排名：%(codes)s。") % {
            "n": 1,
            "codes": codes.get(warning.subject, ""),
        }
    if warning.code == "no_spread":
        return _("评委%(name)s给出的分数全部相同，标准化后无法区分其评价的考生。") % {"name": name}
    if warning.code == "cut_tie":
        return _("晋级线处有同分：第 %(n)s 名附近有并列考生，按规则无法区分，请人工确定。") % {
            "n": detail.get("quota", "")
        }
    return _("提示：%(code)s") % {"code": warning.code}


def warning_texts(preview, codes: dict) -> list[str]:
    """The preview's warnings for a page: candidates without marks summed up in one line."""
    texts = []
    unscored = [
        codes.get(w.subject, w.subject) for w in preview.warnings if w.code == "unscored_candidate"
    ]
    if unscored:
        shown = "、".join(str(c) for c in sorted(unscored)[:8])
        if len(unscored) > 8:
            shown = _("%(codes)s 等") % {"codes": shown}
        texts.append(
            _("%(n)s 名考生还没有任何已提交的评分，暂不参与排名：%(codes)s。")
            % {"n": len(unscored), "codes": shown}
        )
    texts += [
        warning_text(w, preview, codes) for w in preview.warnings if w.code != "unscored_candidate"
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
