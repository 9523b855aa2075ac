"""How the audit log names this app's events and the keys of their details (see
qingmiao/accounts/ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "cadres.record.created": _("新建干部档案"),
    "cadres.record.updated": _("修改干部档案"),
    "cadres.record.deleted": _("删除干部档案"),
    "cadres.resume.updated": _("修改简历"),
    "cadres.family.updated": _("修改家庭主要成员"),
    "cadres.rewards.updated": _("修改奖惩情况"),
    "cadres.appraisals.updated": _("修改年度考核结果"),
    "cadres.sensitive.viewed": _("查看身份证号码等敏感信息"),
    "cadres.demo.seeded": _("生成演示数据"),
    "cadres.orgunit.created": _("新增单位"),
    "cadres.orgunit.updated": _("修改单位信息"),
    "cadres.orgunit.moved": _("调整单位隶属关系"),
    "cadres.orgunit.merged": _("合并单位"),
    "cadres.code.created": _("新增本地代码"),
    "cadres.code.updated": _("修改代码名称"),
    "cadres.code.disabled": _("停用代码"),
    "cadres.code.enabled": _("启用代码"),
    "cadres.tag.created": _("新增标签"),
    "cadres.tag.updated": _("修改标签"),
    "cadres.tag.merged": _("合并标签"),
    "cadres.tag.deleted": _("删除标签"),
}

FIELDS = {
    "id_number": _("身份证号码"),
    "resume": _("简历"),
    "family": _("家庭主要成员及重要社会关系"),
    "family_members": _("家庭主要成员及重要社会关系"),
    "rewards": _("奖惩情况"),
    "appraisals": _("年度考核结果"),
    "parent": _("上级单位"),
    "merged_unit": _("被合并单位"),
    "merged_unit_id": _("被合并单位编号"),
    "cadres_to": _("干部转入单位"),
    "cadres": _("转移干部数"),
    "users": _("转移账户数"),
    "children": _("转移下级单位数"),
    "other": _("转移其他引用数"),
    "merged_tag": _("被合并标签"),
    "uses": _("转移使用数"),
    "fields": _("查看内容"),
    "channel": _("查看途径"),
    "seed": _("随机种子"),
}
