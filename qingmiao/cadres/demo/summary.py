"""What `seed_demo` tells the person who ran it: the district, its cadres and how to sign in."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from qingmiao.accounts.models import User

from ..models import Cadre, OrgUnit, UnitType
from .registry import DEMO_PASSWORD, DISTRICT

# The persona accounts, in the order a reader meets them in the README.
LOGINS = [
    "orgadmin", "officer", "cadre", "mentor", "host", "rater", "inspector", "leader",
    "sysadmin", "secadmin", "auditor",
]  # fmt: skip


def overview() -> list[str]:
    units = OrgUnit.objects.order_by().values("unit_type").annotate(n=Count("pk"))
    by_type = {row["unit_type"]: row["n"] for row in units}
    kinds = "、".join(
        _("%(kind)s %(n)s 个") % {"kind": label, "n": by_type[value]}
        for value, label in UnitType.choices
        if by_type.get(value)
    )
    cadres = Cadre.objects.aggregate(
        total=Count("pk"), young=Count("pk", filter=Q(birth_date__year__range=(1990, 1999)))
    )
    out = [
        _("%(district)s演示数据已生成。") % {"district": DISTRICT},
        "",
        _("单位：共 %(n)s 个（%(kinds)s）") % {"n": sum(by_type.values()), "kinds": kinds},
        _("干部：共 %(n)s 人，其中“90后” %(young)s 人")
        % {"n": f"{cadres['total']:,}", "young": f"{cadres['young']:,}"},
    ]
    return out


def logins() -> list[str]:
    users = {u.username: u for u in User.objects.filter(username__in=LOGINS)}
    out = ["", _("登录账号（初始密码均为 %(password)s）：") % {"password": DEMO_PASSWORD}]
    for username in LOGINS:
        user = users.get(username)
        if user is None:
            continue
        where = user.org_unit.name if user.org_unit_id else _("不属于任何单位")
        out.append(f"  {username:<10} {user.get_role_display()}　{user.display_name}　{where}")
    return out
