"""Care flags derived from hand-built records (the region is 浙江省杭州市萧山区, code 330109),
set by hand with a reason, and rewritten when the record changes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from qingmiao.cadres.models import CodeItem, CodeTable, FamilyMember, OrgUnit
from qingmiao.cadres.tests.factories import CadreFactory, OrgUnitFactory
from qingmiao.supervision.models import CareFlag, CareRules, FlagKind
from qingmiao.supervision.services import care_flags as services

from .factories_care import set_region

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def derived(cadre) -> dict:
    services.flags_refresh([cadre.pk], today=TODAY)
    return dict(CareFlag.objects.filter(cadre=cadre, source="derived").values_list("kind", "basis"))


@pytest.fixture
def region(people):
    set_region(people.tree)
    CareRules.objects.create(pk=1, local_places="青禾区", recent_years=3)
    return people


def test_household_elsewhere_by_prefecture(region):
    far = CadreFactory(unit=region.tree.unit_a, household_registration="四川省巴中市通江县")
    same_city = CadreFactory(unit=region.tree.unit_a, household_registration="杭州市西湖区")
    short = CadreFactory(unit=region.tree.unit_a, household_registration="萧山")
    configured = CadreFactory(unit=region.tree.unit_a, household_registration="青禾区")
    blank = CadreFactory(unit=region.tree.unit_a, household_registration="")
    assert derived(far) == {FlagKind.HOUSEHOLD_ELSEWHERE: "四川省巴中市通江县"}
    # 西湖区 and 萧山 are of 杭州市 (3301); 青禾区 is a configured local name; blank says nothing.
    for cadre in (same_city, short, configured, blank):
        assert FlagKind.HOUSEHOLD_ELSEWHERE not in derived(cadre)


def test_remote_by_flag_ancestor_or_list(region):
    town = OrgUnitFactory.child(region.tree.root, "南阳镇", unit_type="town", is_remote=True)
    village = OrgUnitFactory.child(town, "南阳村", unit_type="village")
    listed = OrgUnitFactory.child(region.tree.root, "戴村镇", unit_type="town")
    in_town = CadreFactory(unit=village)
    in_listed = CadreFactory(unit=listed)
    in_office = CadreFactory(unit=region.tree.unit_a)
    assert FlagKind.REMOTE_TOWNSHIP in derived(in_town)  # the village inherits its town's flag
    assert FlagKind.REMOTE_TOWNSHIP not in derived(in_listed)
    CareRules.objects.filter(pk=1).update(remote_unit_codes=listed.code)
    assert FlagKind.REMOTE_TOWNSHIP in derived(in_listed)
    assert FlagKind.REMOTE_TOWNSHIP not in derived(in_office)


def test_separated_family_by_spouse_location_or_spouse_work_unit(region):
    wife = CodeItem.objects.get(table=CodeTable.RELATION, code="13")
    apart = CadreFactory(unit=region.tree.unit_a, spouse_location="兰州市")
    together = CadreFactory(unit=region.tree.unit_a, spouse_location="杭州市")
    by_post = CadreFactory(unit=region.tree.unit_a)
    FamilyMember.objects.create(
        cadre=by_post, relation=wife, name="刘芳", work_unit_post="甘肃省兰州市第一人民医院护士"
    )
    local_post = CadreFactory(unit=region.tree.unit_a)
    FamilyMember.objects.create(
        cadre=local_post, relation=wife, name="陈静", work_unit_post="区财政局科员"
    )
    assert derived(apart) == {FlagKind.SEPARATED_FAMILY: "兰州市"}
    assert derived(together) == {}
    assert derived(by_post) == {FlagKind.SEPARATED_FAMILY: "甘肃省兰州市第一人民医院护士"}
    assert derived(local_post) == {}  # names no city: nothing to say


def test_new_recruit_far_from_home(region):
    # Hired within 3 years of 2026-11-30 (after 2023-11-30), native place outside 浙江 (33).
    far = CadreFactory(unit=region.tree.unit_a, hire_date=date(2025, 8, 1), native_place="通江县")
    same_province = CadreFactory(
        unit=region.tree.unit_a, hire_date=date(2025, 8, 1), native_place="宁波市"
    )
    long_ago = CadreFactory(
        unit=region.tree.unit_a, hire_date=date(2023, 8, 1), native_place="通江县"
    )
    assert derived(far) == {FlagKind.FAR_FROM_HOME: "通江县"}
    assert derived(same_province) == {}
    assert derived(long_ago) == {}


def test_flags_follow_the_record_and_leave_hand_set_ones(region):
    cadre = CadreFactory(unit=region.tree.unit_a, spouse_location="兰州市")
    # The save itself derived the flag (signal), no refresh needed.
    assert CareFlag.objects.filter(cadre=cadre, kind=FlagKind.SEPARATED_FAMILY).exists()
    services.care_flag_set(
        actor=region.org_admin, cadre=cadre, kind=FlagKind.HOUSEHOLD_ELSEWHERE, reason="本人反映"
    )
    cadre.spouse_location = ""
    cadre.save()
    kinds = set(CareFlag.objects.filter(cadre=cadre).values_list("kind", "source"))
    assert kinds == {(FlagKind.HOUSEHOLD_ELSEWHERE, "manual")}


def test_manual_flag_needs_a_reason_and_a_known_kind(region):
    cadre = region.cadre_a
    with pytest.raises(ValidationError) as exc:
        services.care_flag_set(actor=region.org_admin, cadre=cadre, kind="nope", reason=" ")
    assert set(exc.value.message_dict) == {"kind", "reason"}
    assert not CareFlag.objects.filter(cadre=cadre, source="manual").exists()


def test_derived_flag_cannot_be_cleared_by_hand(region):
    cadre = CadreFactory(unit=region.tree.unit_a, spouse_location="兰州市")
    flag = CareFlag.objects.get(cadre=cadre, kind=FlagKind.SEPARATED_FAMILY)
    with pytest.raises(ValidationError):
        services.care_flag_clear(actor=region.org_admin, flag=flag, reason="已调回")
    assert CareFlag.objects.filter(pk=flag.pk).exists()


def test_rules_update_checks_codes_and_refreshes_everyone(
    region, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as exc:
        services.care_rules_update(
            actor=region.org_admin,
            data={"local_places": "", "remote_unit_codes": "NOPE", "recent_years": 3},
        )
    assert "remote_unit_codes" in exc.value.message_dict
    apart = CadreFactory(unit=region.tree.unit_b, household_registration="兰州市")
    assert CareFlag.objects.filter(cadre=apart).exists()
    # 兰州 becomes a local place name: the job, run after the commit, removes the flag.
    with django_capture_on_commit_callbacks(execute=True):
        services.care_rules_update(
            actor=region.org_admin,
            data={"local_places": "青禾区\n兰州", "remote_unit_codes": "", "recent_years": 3},
        )
    assert not CareFlag.objects.filter(cadre=apart).exists()


def test_refresh_over_everyone_counts(region):
    OrgUnit.objects.filter(pk=region.tree.unit_b.pk).update(is_remote=True)
    CareFlag.objects.all().delete()
    result = services.flags_refresh(today=TODAY)
    # 王强 in unit B (now remote) is the only one flagged among the three personas.
    assert result == {"added": 1, "removed": 0, "cadres": 3}
    assert list(CareFlag.objects.values_list("cadre__name", "kind")) == [
        ("王强", FlagKind.REMOTE_TOWNSHIP)
    ]
