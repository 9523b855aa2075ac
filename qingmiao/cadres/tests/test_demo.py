import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from qingmiao.accounts.models import User
from qingmiao.cadres import idcard
from qingmiao.cadres.demo import registry
from qingmiao.cadres.models import Cadre, OrgUnit

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(Cadre.objects.order_by("id").values_list("name", "birth_date", "unit__name"))


def test_demo_is_deterministic_by_seed():
    with transaction.atomic():
        registry.build(seed=7, cadre_count=150)
        first = _snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        registry.build(seed=7, cadre_count=150)
        again = _snapshot()
        transaction.set_rollback(True)
    registry.build(seed=8, cadre_count=150)
    other = _snapshot()
    assert first == again
    assert first != other


def test_demo_shape():
    counts = registry.build(seed=2026, cadre_count=600)
    assert counts == {"units": 65, "cadres": 600, "users": 10}
    assert 55 <= OrgUnit.objects.count() <= 70
    young = Cadre.objects.filter(birth_date__year__gte=1990)
    assert young.count() > 300  # most of the district's cadres are young
    masters = young.filter(fulltime_education__code="14").count()
    assert masters / young.count() > 0.4  # "many master's degrees"
    for cadre in Cadre.objects.all()[:50]:
        number = cadre.id_number
        assert idcard.validate(number, birth_date=cadre.birth_date) == number
        assert idcard.gender_code_of(number) == cadre.gender.code
    usernames = set(User.objects.values_list("username", flat=True))
    assert usernames == {
        "orgadmin", "officer", "cadre", "mentor", "rater", "inspector", "leader",
        "sysadmin", "secadmin", "auditor",
    }  # fmt: skip
    cadre_user = User.objects.get(username="cadre")
    assert cadre_user.cadre.unit == User.objects.get(username="officer").org_unit
    assert cadre_user.check_password(registry.DEMO_PASSWORD)


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", cadres=10)
    assert not OrgUnit.objects.exists()


def test_seed_demo_command_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", cadres=30)
    built = Cadre.objects.count()
    call_command("seed_demo", cadres=30)
    # The district's 30, and the cultivation demo's new recruits in proportion (12 at least).
    assert built == 30 + 17
    assert Cadre.objects.count() == built
    assert "演示数据已存在，未作改动。" in capsys.readouterr().out


# Titles each kind of unit has, written out here independently of the demo's own table.
FITTING_TITLES = {
    "town": ["科员", "四级主任科员", "党政办公室主任", "副镇长", "党委副书记", "镇长", "党委书记",
             "一级调研员"],
    "street": ["科员", "四级主任科员", "党政办公室主任", "办事处副主任", "党工委副书记",
               "办事处主任", "党工委书记", "一级调研员"],
    "bureau": ["科员", "四级主任科员", "综合科科长", "产业科科长", "办公室主任", "副局长", "局长",
               "党组书记", "一级调研员"],
    "office": ["科员", "四级主任科员", "秘书科科长", "综合科科长", "副主任", "主任", "一级调研员"],
    "section": ["科员", "四级主任科员", "副科长", "科长", "一级调研员"],
    "section_office": ["科员", "四级主任科员", "副主任", "主任", "一级调研员"],
    "soe": ["职员", "业务主管", "部门经理", "副总经理", "总经理", "董事长", "专职监事"],
    "institution": ["工作人员", "业务主管", "部门负责人", "副主任", "主任"],
    "park": ["科员", "四级主任科员", "招商局局长", "办公室主任", "副主任", "主任", "党工委书记",
             "一级调研员"],
    "village": ["村党组织书记助理", "村委会主任助理", "驻村第一书记"],
    "community": ["社区党委书记助理", "社区居委会主任助理", "社区党委书记"],
}  # fmt: skip


def _kind(unit) -> str:
    if unit.unit_type == "party_govt":
        return "bureau" if unit.name.endswith("局") else "office"
    if unit.unit_type == "section":
        return "section" if unit.name.endswith("科") else "section_office"
    return unit.unit_type


def test_every_demo_post_fits_its_unit():
    registry.build(seed=2026, cadre_count=600)
    wrong = []
    for cadre in Cadre.objects.select_related("unit"):
        unit = cadre.unit
        label = unit.short_name or unit.name
        title = cadre.post.removeprefix(label)
        if not cadre.post.startswith(label) or title not in FITTING_TITLES[_kind(unit)]:
            wrong.append((unit.name, cadre.post))
    assert wrong == []
    posts = set(Cadre.objects.values_list("post", flat=True))
    assert "临江镇副镇长" in posts or "临江镇镇长" in posts
    assert not [p for p in posts if "镇" in p and "局长" in p]  # no 局长 of a town
    assert not [p for p in posts if "街道" in p and "局" in p]  # no 副局长 of a street


def test_walkthrough_people_are_there_at_any_size():
    """Even a small district has the demo cadre (born 1995–1999) and 1990s colleagues in the
    commerce bureau for the officer to recommend, each with a post of the bureau."""
    registry.build(seed=2026, cadre_count=40)
    officer = User.objects.get(username="officer")
    own = User.objects.get(username="cadre").cadre
    assert own.unit == officer.org_unit
    assert 1995 <= own.birth_date.year <= 1999
    colleagues = Cadre.objects.filter(
        unit=officer.org_unit, birth_date__year__range=(1990, 1999)
    ).exclude(pk=own.pk)
    assert colleagues.count() >= registry.WALKTHROUGH_COLLEAGUES
    for cadre in colleagues:
        assert cadre.post.startswith("区商务局")
        assert cadre.resume_entries.get(end_date=None).content.startswith("区商务局工作")


def test_seed_demo_prints_a_chinese_summary(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", cadres=40)
    out = capsys.readouterr().out
    assert out.startswith("青禾区演示数据已生成。\n")
    assert (
        "单位：共 65 个（组织部 1 个、党政机关 16 个、乡镇 5 个、街道 4 个、国有企业 3 个、" in out
    )
    assert "干部：共 40 人，其中“90后” " in out
    assert "  火星计划训练营（2027）　草稿\n" in out
    assert "企业家评委账号：ent01…ent12，共 12 人" in out
    assert (
        "登录账号（初始密码均为 Qingmiao@2026）：\n"
        "  orgadmin   组织部管理员　周组工　中共青禾区委组织部" in out
    )
    assert "  rater      评委　吴企业家　不属于任何单位" in out
    assert "{" not in out and "units" not in out  # no developer log lines
