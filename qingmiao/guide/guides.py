"""The user guides, one per role: each is a template under templates/help/guides/."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts.roles import Role


@dataclass(frozen=True)
class Guide:
    role: str
    title: Promise
    summary: Promise

    @property
    def slug(self) -> str:
        return self.role

    @property
    def template(self) -> str:
        return f"help/guides/{self.role}.html"

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


GUIDES = [
    Guide(
        Role.ORG_ADMIN,
        _("组织部管理员使用指南"),
        _("发布培养项目，资格审查，分配评委，确定晋级，查看选拔漏斗。"),
    ),
    Guide(
        Role.UNIT_OFFICER,
        _("单位干部专员使用指南"),
        _("维护本单位干部档案，推荐本单位干部报名。"),
    ),
    Guide(
        Role.CADRE,
        _("干部使用指南"),
        _("核对本人档案，查看资格条件，自主报名。"),
    ),
    Guide(
        Role.MENTOR,
        _("导师使用指南"),
        _("查看待办事项，浏览培养项目。"),
    ),
    Guide(
        Role.RATER,
        _("评委使用指南"),
        _("在手机或电脑上为分配的考生评分，申报回避。"),
    ),
    Guide(
        Role.HOST,
        _("接收方联系人使用指南"),
        _("在手机上查看本单位接收的挂职人员和锻炼报告，期满时作出评价。"),
    ),
    Guide(
        Role.INSPECTOR,
        _("考察组使用指南"),
        _("在手机上为本组月度考察的干部逐项评分，上传现场照片。"),
    ),
    Guide(
        Role.LEADER,
        _("领导使用指南"),
        _("查看干部队伍结构、培养项目和选拔漏斗。"),
    ),
    Guide(
        Role.SYSTEM_ADMIN,
        _("系统管理员使用指南"),
        _("维护单位树、代码表和标签。"),
    ),
    Guide(
        Role.SECURITY_ADMIN,
        _("安全管理员使用指南"),
        _("开通账号，分配角色，解锁账号。"),
    ),
    Guide(
        Role.AUDIT_ADMIN,
        _("安全审计员使用指南"),
        _("查阅审计日志。"),
    ),
]
BY_SLUG = {guide.slug: guide for guide in GUIDES}


def guide_for(user) -> Guide | None:
    return BY_SLUG.get(getattr(user, "role", ""))
