"""A realistic demo district for the cadre registry, deterministic by seed.

The shapes follow the seed reports: most young cadres born in the 1990s, many with master's
degrees, a tree of departments, towns, streets, SOEs and institutions with their sections,
villages and communities.
"""

import functools
import random
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role

from .. import idcard
from ..models import (
    Cadre,
    CodeItem,
    CodeTable,
    OrgUnit,
    ResumeEntry,
    Tag,
    UnitType,
)
from . import records

DEMO_PASSWORD = "Qingmiao@2026"


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def set_demo_password(user: User) -> None:
    """Every demo account has the same password: hashed once (each hash takes a deliberate
    fifth of a second), not once per account."""
    user.password = _demo_password_hash()
    user.password_changed_at = timezone.now()


ROOT_CODE = "QH000"
DISTRICT = "青禾区"
DIVISION = "330109"  # used as the ID-number prefix of locally born cadres

DEPARTMENTS = [
    "区委办公室", "区政府办公室", "区发展和改革局", "区经济和信息化局", "区科学技术局",
    "区财政局", "区商务局", "区投资促进局", "区市场监督管理局", "区自然资源和规划局",
    "区住房和城乡建设局", "区农业农村局", "区人力资源和社会保障局", "区教育局",
    "区卫生健康局", "区数据资源管理局",
]  # fmt: skip
TOWNS = [("临江镇", False), ("河庄镇", False), ("南阳镇", True), ("戴村镇", True), ("浦阳镇", True)]
STREETS = ["城厢街道", "北干街道", "新塘街道", "宁围街道"]
SOES = ["区城市建设投资集团有限公司", "区国有资本运营集团有限公司", "区产业发展集团有限公司"]
INSTITUTIONS = ["区融媒体中心", "区人才发展服务中心", "区企业服务中心"]
PARK = "青禾经济技术开发区管委会"
SECTIONS = ["办公室", "综合科", "产业科"]
VILLAGES = ["东湖村", "杨家村"]
COMMUNITIES = ["文化社区", "银河社区"]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万"
    "钱严覃武戴莫孔向汤单"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉婷宇浩凯健俊帆晨"
    "欣悦博文思雨子涵梓轩一诺睿泽宇航嘉怡心怡佳琪晓峰志远海燕雪梅建国晓东丹阳天佑若曦书瑶"
)
SCHOOLS = [
    "浙江大学", "复旦大学", "中国人民大学", "北京大学", "清华大学", "南京大学", "武汉大学",
    "浙江工业大学", "杭州电子科技大学", "浙江财经大学", "中南财经政法大学", "上海财经大学",
    "西南财经大学", "华东师范大学", "中山大学", "四川大学", "兰州大学", "西安交通大学",
]  # fmt: skip
MAJORS = [
    "经济学", "金融学", "产业经济学", "区域经济学", "工商管理", "公共管理", "法学", "计算机科学与技术",
    "软件工程", "材料科学与工程", "生物医学工程", "汉语言文学", "新闻学", "城乡规划", "会计学",
    "统计学", "电子信息工程", "社会学",
]  # fmt: skip
TAGS = [
    ("选调生", "定向选调生"),
    ("对产业经济感兴趣", "自述对产业经济感兴趣"),
    ("经济型干部", "具有经济工作经历"),
    ("外地户籍", "户籍不在本区"),
    ("偏远乡镇", "在偏远乡镇工作"),
    ("招商引资经历", "参与过招商引资"),
]


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) if rng.random() < 0.35 else rng.choice(GIVEN) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + given


def _birth_year(rng: random.Random) -> int:
    # About two thirds young cadres born 1990–2002, the rest 1966–1989.
    if rng.random() < 0.66:
        return rng.choices(range(1990, 2003), weights=[6, 7, 8, 9, 9, 10, 10, 10, 9, 8, 6, 4, 2])[0]
    return rng.randint(1966, 1989)


def _id_number(
    rng: random.Random, division: str, born: date, gender_code: str, used: set[str]
) -> str:
    """A valid, unused number: the sequence digit's parity carries the gender (odd = male)."""
    while True:
        seq = rng.randint(0, 499) * 2 + (1 if gender_code == "1" else 0)
        first17 = f"{division}{born:%Y%m%d}{seq:03d}"
        number = first17 + idcard.check_char(first17)
        if number not in used:
            used.add(number)
            return number


def _build_tree(rng: random.Random) -> list[OrgUnit]:
    division = CodeItem.objects.filter(table=CodeTable.DIVISION, code=DIVISION).first()
    root = OrgUnit.objects.add_root(
        {
            "name": f"中共{DISTRICT}委组织部",
            "short_name": "区委组织部",
            "code": ROOT_CODE,
            "unit_type": UnitType.ORG_DEPT,
            "division": division,
        }
    )
    counter = iter(range(1, 1000))

    def child(parent, name, unit_type, remote=False, short=""):
        return OrgUnit.objects.add_child(
            parent,
            {
                "name": name,
                "short_name": short,
                "code": f"QH{next(counter):03d}",
                "unit_type": unit_type,
                "is_remote": remote,
                "division": division,
                "sort": next(counter),
            },
        )

    units = [root]
    for i, name in enumerate(DEPARTMENTS):
        dept = child(root, name, UnitType.PARTY_GOVT)
        units.append(dept)
        if i < 6:
            for section in SECTIONS:
                units.append(child(dept, section, UnitType.SECTION, short=f"{name}{section}"))
    for name, remote in TOWNS:
        town = child(root, name, UnitType.TOWN, remote)
        units.append(town)
        for village in VILLAGES:
            units.append(child(town, f"{name[:2]}{village}", UnitType.VILLAGE, remote))
    for name in STREETS:
        street = child(root, name, UnitType.STREET)
        units.append(street)
        units.append(child(street, f"{name[:2]}{rng.choice(COMMUNITIES)}", UnitType.COMMUNITY))
    for name in SOES:
        units.append(child(root, name, UnitType.SOE))
    for name in INSTITUTIONS:
        units.append(child(root, name, UnitType.INSTITUTION))
    units.append(child(root, PARK, UnitType.PARK))
    return [OrgUnit.objects.get(pk=u.pk) for u in units]


# A post is named after its unit, in the titles that kind of unit has: a town has 镇长 and
# 党委书记, a street office 主任 and 党工委书记, a bureau 局长, a section 科长. The rank
# decides how senior the post is: clerk, staff, middle, deputy head, head, senior non-leading.
_LEVEL = {"R22": 0, "R21": 0, "R20": 1, "R18": 2, "R16": 3, "R08": 3, "R14": 4, "R13": 5}
_TITLES = {
    "bureau": (("科员",), ("四级主任科员",), ("综合科科长", "产业科科长", "办公室主任"),
               ("副局长",), ("局长", "党组书记"), ("一级调研员",)),
    "office": (("科员",), ("四级主任科员",), ("秘书科科长", "综合科科长"), ("副主任",),
               ("主任",), ("一级调研员",)),
    "section": (("科员",), ("四级主任科员",), ("副科长",), ("科长",), ("科长",),
                ("一级调研员",)),
    "section_office": (("科员",), ("四级主任科员",), ("副主任",), ("主任",), ("主任",),
                       ("一级调研员",)),
    UnitType.TOWN: (("科员",), ("四级主任科员",), ("党政办公室主任",), ("副镇长", "党委副书记"),
                    ("镇长", "党委书记"), ("一级调研员",)),
    UnitType.STREET: (("科员",), ("四级主任科员",), ("党政办公室主任",),
                      ("办事处副主任", "党工委副书记"), ("办事处主任", "党工委书记"),
                      ("一级调研员",)),
    UnitType.SOE: (("职员",), ("业务主管",), ("部门经理",), ("副总经理",),
                   ("总经理", "董事长"), ("专职监事",)),
    UnitType.INSTITUTION: (("工作人员",), ("业务主管",), ("部门负责人",), ("副主任",),
                           ("主任",), ("副主任",)),
    UnitType.PARK: (("科员",), ("四级主任科员",), ("招商局局长", "办公室主任"), ("副主任",),
                    ("主任", "党工委书记"), ("一级调研员",)),
    UnitType.VILLAGE: (("村党组织书记助理",), ("村委会主任助理",), ("驻村第一书记",),
                       ("驻村第一书记",), ("驻村第一书记",), ("驻村第一书记",)),
    UnitType.COMMUNITY: (("社区党委书记助理",), ("社区居委会主任助理",), ("社区党委书记",),
                         ("社区党委书记",), ("社区党委书记",), ("社区党委书记",)),
}  # fmt: skip


def _title_kind(unit: OrgUnit) -> str:
    if unit.unit_type == UnitType.PARTY_GOVT:
        return "bureau" if unit.name.endswith("局") else "office"
    if unit.unit_type == UnitType.SECTION:
        return "section" if unit.name.endswith("科") else "section_office"
    return unit.unit_type


def post_title(unit: OrgUnit, rank_code: str, n: int) -> str:
    """The post a cadre of this rank holds in this unit, e.g. 临江镇副镇长; `n` picks among
    equivalent titles without drawing from the random stream (so the rest stays the same)."""
    titles = _TITLES[_title_kind(unit)][_LEVEL[rank_code]]
    return f"{unit.short_name or unit.name}{titles[n % len(titles)]}"


def _codes(table: str) -> dict[str, CodeItem]:
    return {c.code: c for c in CodeItem.objects.filter(table=table)}


@transaction.atomic
def build(seed: int = 2026, cadre_count: int = 2000) -> dict:
    rng = random.Random(seed)
    units = _build_tree(rng)
    tags = [Tag.objects.get_or_create(name=n, defaults={"description": d})[0] for n, d in TAGS]
    count = records.write(rng, units, tags, cadre_count)
    users = _create_users(units)
    return {"units": len(units), "cadres": count, "users": len(users)}


WALKTHROUGH_COLLEAGUES = 3


def _move_to(unit: OrgUnit, born_from: int, count: int) -> list[Cadre]:
    """`count` cadres born from `born_from` to 1999 working in `unit` (the first by id),
    moving (and re-titling) the first others there when it has too few."""
    fits = Cadre.objects.filter(
        birth_date__gte=date(born_from, 1, 1), birth_date__lte=date(1999, 12, 31)
    ).order_by("pk")
    chosen = list(fits.filter(unit=unit)[:count])
    if len(chosen) < count:
        for cadre in fits.exclude(unit=unit).select_related("rank")[: count - len(chosen)]:
            cadre.unit = unit
            cadre.post = post_title(unit, cadre.rank.code, cadre.pk)
            cadre.save(update_fields=["unit", "post"])
            ResumeEntry.objects.filter(cadre=cadre, end_date=None).update(
                content=f"{unit.name}工作，{cadre.post}"
            )
            chosen.append(cadre)
    return chosen


def _create_users(units: list[OrgUnit]) -> list[User]:
    root = units[0]
    commerce = next(u for u in units if u.name == "区商务局")
    accounts = [
        ("orgadmin", "周组工", Role.ORG_ADMIN, root),
        ("officer", "钱专员", Role.UNIT_OFFICER, commerce),
        ("cadre", None, Role.CADRE, commerce),
        ("mentor", "孙导师", Role.MENTOR, commerce),
        ("rater", "吴企业家", Role.RATER, None),
        ("inspector", "郑考察", Role.INSPECTOR, root),
        ("leader", "王领导", Role.LEADER, root),
        ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, root),
        ("secadmin", "安全管理员", Role.SECURITY_ADMIN, root),
        ("auditor", "安全审计员", Role.AUDIT_ADMIN, root),
    ]
    # The walk-through needs, in the commerce bureau, the demo cadre (born 1995–1999, so that
    # the 90后 programmes admit them) and colleagues born in the 1990s for the officer to
    # recommend; a small district may have none there, so some young cadres are moved in.
    own = _move_to(commerce, 1995, 1)[0]
    _move_to(commerce, 1990, WALKTHROUGH_COLLEAGUES + 1)
    created = []
    for username, full_name, role, unit in accounts:
        user = User(username=username, full_name=full_name or own.name, role=role, org_unit=unit)
        set_demo_password(user)
        user.save()
        created.append(user)
        if role == Role.CADRE:
            own.user = user
            own.save(update_fields=["user"])
    return created
