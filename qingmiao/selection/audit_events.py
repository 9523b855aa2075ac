"""How the audit log names this app's events and the keys of their details (see
qingmiao/accounts/ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "selection.program.created": _("新建培养项目"),
    "selection.program.updated": _("修改培养项目"),
    "selection.program.transitioned": _("变更项目状态"),
    "selection.rule.updated": _("修改资格条件"),
    "selection.application.submitted": _("提交报名"),
    "selection.application.recommended": _("单位推荐报名"),
    "selection.application.withdrawn": _("撤回报名"),
    "selection.application.screened": _("资格审查"),
    "selection.application.screened_by_rules": _("按资格条件批量审查"),
    "selection.stage.saved": _("保存阶段设置"),
    "selection.stage.scoring_opened": _("开始评分"),
    "selection.raters.assigned": _("分配评委"),
    "selection.conflict.declared": _("评委申请回避"),
    "selection.score.saved": _("暂存评分"),
    "selection.score.submitted": _("提交评分"),
    "selection.score.reopened": _("退回评分表"),
    "selection.advancement.confirmed": _("确认晋级名单"),
}

FIELDS = {
    "program": _("培养项目"),
    "track": _("赛道"),
    "applications": _("报名"),
    "reason": _("理由"),
    "eligible": _("符合条件"),
    "ineligible": _("不符合条件"),
    "k": _("每人评委数"),
    "assignments": _("分配数"),
    "loads": _("评委工作量"),
    "stage": _("阶段"),
    "entry": _("编号"),
    "values": _("各维度得分"),
    "total": _("总分"),
    "rater": _("评委"),
    "method": _("计分方法"),
    "rule": _("晋级规则"),
    "rule_value": _("晋级规则数值"),
    "advanced": _("晋级人数"),
    "eliminated": _("淘汰人数"),
    "adjusted": _("手工调整"),
    "note": _("说明"),
}
