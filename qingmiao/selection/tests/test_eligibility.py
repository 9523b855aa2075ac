"""eligibility.check, rule by rule: what passes, what fails, and the exact text a person reads.

The cadres come from conftest: 张伟 (unit A, born 1995-05-12), 李娜 (unit A's section 综合科,
born 1992-03-01), 王强 (unit B, born 1988-10-09). CadreFactory gives every cadre 硕士研究生毕业
(GB/T 4658 code 14), 中共党员, 一级科员 (R21) and a hire date of 2020-08-01 unless told otherwise.
"""

from datetime import date

import pytest

from qingmiao.cadres.models import Tag, UnitType
from qingmiao.cadres.tests.factories import CadreFactory, OrgUnitFactory, code
from qingmiao.selection import services
from qingmiao.selection.eligibility import check, is_eligible
from qingmiao.selection.models import EligibilityRule

from .factories import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_rule(people):
    """make_rule(field=value, ..., m2m={...}) → a saved rule of a fresh draft program."""

    def _make(m2m=None, **data):
        program = make_program(people.org_admin, stages=())
        return services.rule_save(actor=people.org_admin, program=program, data=data, m2m=m2m or {})

    return _make


def only(results):
    """The single result of a rule that sets one condition, as a tuple easy to compare."""
    assert len(results) == 1, results
    r = results[0]
    return (r.key, r.label, r.ok, r.required, r.actual)


# --- empty rule ------------------------------------------------------------------------------


def test_empty_rule_asks_nothing(make_rule, people):
    rule = make_rule()
    for cadre in (people.cadre_a, people.cadre_a2, people.cadre_b):
        results = check(rule, cadre)
        assert results == []
        assert is_eligible(results)


def test_no_rule_at_all_asks_nothing(people):
    assert check(None, people.cadre_a) == []
    assert is_eligible([])


def test_new_program_has_an_empty_rule(people):
    program = make_program(people.org_admin, stages=())
    rule = EligibilityRule.objects.get(program=program)
    assert check(rule, people.cadre_b) == []


# --- birth date ------------------------------------------------------------------------------


def test_birth_range_boundaries_are_inclusive(make_rule, people):
    # 张伟 1995-05-12 is exactly born_to; 李娜 1992-03-01 is exactly born_from.
    rule = make_rule(born_from=date(1992, 3, 1), born_to=date(1995, 5, 12))
    required = "1992.03.01 至 1995.05.12 出生"
    assert only(check(rule, people.cadre_a)) == (
        "birth_date", "出生日期", True, required, "1995.05.12"
    )  # fmt: skip
    assert only(check(rule, people.cadre_a2)) == (
        "birth_date", "出生日期", True, required, "1992.03.01"
    )  # fmt: skip
    # 王强 1988-10-09 is before the range.
    assert only(check(rule, people.cadre_b)) == (
        "birth_date", "出生日期", False, required, "1988.10.09"
    )  # fmt: skip


def test_birth_range_one_day_outside_fails(make_rule, people):
    # One day after 张伟 (1995-05-13 lower bound) and one day before 李娜 (1992-02-29 upper).
    assert not check(make_rule(born_from=date(1995, 5, 13)), people.cadre_a)[0].ok
    assert not check(make_rule(born_to=date(1992, 2, 29)), people.cadre_a2)[0].ok


def test_birth_lower_bound_only(make_rule, people):
    rule = make_rule(born_from=date(1990, 1, 1))
    assert only(check(rule, people.cadre_a)) == (
        "birth_date", "出生日期", True, "1990.01.01 及以后出生", "1995.05.12"
    )  # fmt: skip
    assert only(check(rule, people.cadre_b)) == (
        "birth_date", "出生日期", False, "1990.01.01 及以后出生", "1988.10.09"
    )  # fmt: skip


def test_birth_upper_bound_only(make_rule, people):
    rule = make_rule(born_to=date(1992, 3, 1))
    assert only(check(rule, people.cadre_a2)) == (
        "birth_date", "出生日期", True, "1992.03.01 及以前出生", "1992.03.01"
    )  # fmt: skip
    assert only(check(rule, people.cadre_a)) == (
        "birth_date", "出生日期", False, "1992.03.01 及以前出生", "1995.05.12"
    )  # fmt: skip


# --- age -------------------------------------------------------------------------------------


def test_max_age_the_day_before_the_birthday_passes(make_rule, people):
    # 张伟 born 1995-05-12: on 2030-05-11 he is still 34.
    rule = make_rule(max_age=34, age_reference_date=date(2030, 5, 11))
    assert only(check(rule, people.cadre_a)) == (
        "max_age", "年龄", True, "截至 2030.05.11 不超过 34 周岁", "34 周岁"
    )  # fmt: skip


def test_max_age_on_the_birthday_fails(make_rule, people):
    # On 2030-05-12 he turns 35.
    rule = make_rule(max_age=34, age_reference_date=date(2030, 5, 12))
    assert only(check(rule, people.cadre_a)) == (
        "max_age", "年龄", False, "截至 2030.05.12 不超过 34 周岁", "35 周岁"
    )  # fmt: skip


def test_max_age_the_day_after_the_birthday_fails(make_rule, people):
    rule = make_rule(max_age=34, age_reference_date=date(2030, 5, 13))
    assert only(check(rule, people.cadre_a))[2:] == (
        False, "截至 2030.05.13 不超过 34 周岁", "35 周岁"
    )  # fmt: skip


def test_max_age_without_reference_date_counts_from_today(make_rule, people):
    # 王强 born 1988-10-09: 37 on 2026-10-08, 38 on 2026-10-09.
    rule = make_rule(max_age=37)
    assert only(check(rule, people.cadre_b, today=date(2026, 10, 8)))[2:] == (
        True, "截至 2026.10.08 不超过 37 周岁", "37 周岁"
    )  # fmt: skip
    assert only(check(rule, people.cadre_b, today=date(2026, 10, 9)))[2:] == (
        False, "截至 2026.10.09 不超过 37 周岁", "38 周岁"
    )  # fmt: skip


# --- education -------------------------------------------------------------------------------


def test_education_takes_the_higher_of_fulltime_and_inservice(make_rule, tree):
    # Full-time 大学本科毕业 (21) + in-service 硕士研究生毕业 (14): the highest is 研究生.
    cadre = CadreFactory(
        unit=tree.unit_a,
        fulltime_education=code("GB4658", "21"),
        inservice_education=code("GB4658", "14"),
    )
    rule = make_rule(min_education_level=1)
    assert only(check(rule, cadre)) == (
        "education", "学历", True, "研究生及以上", "硕士研究生毕业"
    )  # fmt: skip


def test_education_inservice_lower_than_fulltime_does_not_lower_it(make_rule, tree):
    cadre = CadreFactory(
        unit=tree.unit_a,
        fulltime_education=code("GB4658", "14"),
        inservice_education=code("GB4658", "31"),
    )
    assert only(check(make_rule(min_education_level=1), cadre))[2:] == (
        True, "研究生及以上", "硕士研究生毕业"
    )  # fmt: skip


def test_education_bachelor_fails_postgraduate_passes_bachelor(make_rule, tree):
    cadre = CadreFactory(unit=tree.unit_a, fulltime_education=code("GB4658", "21"))
    assert only(check(make_rule(min_education_level=1), cadre))[2:] == (
        False, "研究生及以上", "大学本科毕业"
    )  # fmt: skip
    assert only(check(make_rule(min_education_level=2), cadre))[2:] == (
        True, "大学本科及以上", "大学本科毕业"
    )  # fmt: skip


def test_education_college_fails_bachelor_passes_college(make_rule, tree):
    cadre = CadreFactory(unit=tree.unit_a, fulltime_education=code("GB4658", "31"))
    assert only(check(make_rule(min_education_level=2), cadre))[2:] == (
        False, "大学本科及以上", "大学专科毕业"
    )  # fmt: skip
    assert only(check(make_rule(min_education_level=3), cadre))[2:] == (
        True, "大学专科及以上", "大学专科毕业"
    )  # fmt: skip


def test_education_vocational_fails_college(make_rule, tree):
    cadre = CadreFactory(unit=tree.unit_a, fulltime_education=code("GB4658", "41"))
    assert only(check(make_rule(min_education_level=3), cadre))[2:] == (
        False, "大学专科及以上", "中等专科毕业"
    )  # fmt: skip


def test_education_missing_fails(make_rule, tree):
    cadre = CadreFactory(unit=tree.unit_a, fulltime_education=None, inservice_education=None)
    assert only(check(make_rule(min_education_level=3), cadre)) == (
        "education", "学历", False, "大学专科及以上", "未填写"
    )  # fmt: skip


# --- political status ------------------------------------------------------------------------


def test_political_status_listed_passes(make_rule, people):
    rule = make_rule(m2m={"political_statuses": [code("GB4762", "01"), code("GB4762", "02")]})
    assert only(check(rule, people.cadre_a)) == (
        "political_status", "政治面貌", True, "中共党员、中共预备党员", "中共党员"
    )  # fmt: skip


def test_political_status_not_listed_fails(make_rule, tree):
    league = CadreFactory(unit=tree.unit_a, political_status=code("GB4762", "03"))
    rule = make_rule(m2m={"political_statuses": [code("GB4762", "01"), code("GB4762", "02")]})
    assert only(check(rule, league)) == (
        "political_status", "政治面貌", False, "中共党员、中共预备党员", "共青团员"
    )  # fmt: skip


def test_political_status_missing_fails(make_rule, tree):
    unknown = CadreFactory(unit=tree.unit_a, political_status=None)
    rule = make_rule(m2m={"political_statuses": [code("GB4762", "13")]})
    assert only(check(rule, unknown)) == (
        "political_status", "政治面貌", False, "群众", "未填写"
    )  # fmt: skip


# --- unit type and unit subtree --------------------------------------------------------------


def test_unit_type_listed_passes_other_fails(make_rule, tree):
    town = OrgUnitFactory.child(tree.root, "青山镇", unit_type=UnitType.TOWN)
    in_town = CadreFactory(unit=town)
    in_bureau = CadreFactory(unit=tree.unit_b)
    rule = make_rule(unit_types=[UnitType.TOWN, UnitType.STREET])
    assert only(check(rule, in_town)) == ("unit", "所在单位", True, "乡镇、街道", "青山镇")
    assert only(check(rule, in_bureau)) == ("unit", "所在单位", False, "乡镇、街道", "区财政局")


def test_unit_type_of_a_section_is_that_of_its_unit(make_rule, people):
    # 综合科 is an internal section (内设机构) of 区商务局, a 党政机关: 李娜 works for a 党政机关.
    rule = make_rule(unit_types=[UnitType.PARTY_GOVT])
    assert only(check(rule, people.cadre_a2)) == ("unit", "所在单位", True, "党政机关", "综合科")
    # ...and a section of a town is not a 党政机关.
    town = OrgUnitFactory.child(people.tree.root, "青山镇", unit_type=UnitType.TOWN)
    office = OrgUnitFactory.child(town, "党政办", unit_type=UnitType.SECTION)
    assert not check(rule, CadreFactory(unit=office))[0].ok


def test_unit_subtree_includes_sections(make_rule, people):
    rule = make_rule(m2m={"units": [people.tree.unit_a]})
    required = "区商务局（含下级单位）"
    assert only(check(rule, people.cadre_a)) == ("unit", "所在单位", True, required, "区商务局")
    assert only(check(rule, people.cadre_a2)) == ("unit", "所在单位", True, required, "综合科")
    assert only(check(rule, people.cadre_b)) == ("unit", "所在单位", False, required, "区财政局")


def test_unit_subtree_of_a_section_excludes_its_parent(make_rule, people):
    rule = make_rule(m2m={"units": [people.tree.section_a]})
    assert check(rule, people.cadre_a2)[0].ok
    assert not check(rule, people.cadre_a)[0].ok


def test_unit_type_and_subtree_must_both_hold(make_rule, people):
    rule = make_rule(unit_types=[UnitType.TOWN], m2m={"units": [people.tree.unit_a]})
    assert only(check(rule, people.cadre_a)) == (
        "unit", "所在单位", False, "乡镇；区商务局（含下级单位）", "区商务局"
    )  # fmt: skip


def test_several_units_any_one_suffices(make_rule, people):
    rule = make_rule(m2m={"units": [people.tree.section_a, people.tree.unit_b]})
    assert check(rule, people.cadre_b)[0].ok
    assert check(rule, people.cadre_a2)[0].ok
    assert not check(rule, people.cadre_a)[0].ok


# --- years since hire ------------------------------------------------------------------------


def test_min_years_since_hire(make_rule, people):
    # Hired 2020-08-01: 5 full years on 2026-07-31, 6 on 2026-08-01.
    rule = make_rule(min_years_since_hire=6)
    assert only(check(rule, people.cadre_a, today=date(2026, 7, 31))) == (
        "years_since_hire", "入职年限", False, "入职满 6 年", "2020.08 录用，5 年"
    )  # fmt: skip
    assert only(check(rule, people.cadre_a, today=date(2026, 8, 1))) == (
        "years_since_hire", "入职年限", True, "入职满 6 年", "2020.08 录用，6 年"
    )  # fmt: skip


def test_max_years_since_hire(make_rule, people):
    rule = make_rule(max_years_since_hire=5)
    assert only(check(rule, people.cadre_a, today=date(2026, 7, 31)))[2:] == (
        True, "入职不超过 5 年", "2020.08 录用，5 年"
    )  # fmt: skip
    assert only(check(rule, people.cadre_a, today=date(2026, 8, 1)))[2:] == (
        False, "入职不超过 5 年", "2020.08 录用，6 年"
    )  # fmt: skip


def test_years_since_hire_range(make_rule, people):
    rule = make_rule(min_years_since_hire=3, max_years_since_hire=5)
    on = date(2026, 1, 1)  # 5 full years
    assert only(check(rule, people.cadre_a, today=on))[2:] == (
        True, "入职 3 至 5 年", "2020.08 录用，5 年"
    )  # fmt: skip
    assert not check(rule, people.cadre_a, today=date(2023, 7, 31))[0].ok  # 2 years


def test_years_since_hire_without_hire_date_fails(make_rule, tree):
    cadre = CadreFactory(unit=tree.unit_a, hire_date=None)
    assert only(check(make_rule(min_years_since_hire=1), cadre)) == (
        "years_since_hire", "入职年限", False, "入职满 1 年", "未填写录用时间"
    )  # fmt: skip


# --- rank ------------------------------------------------------------------------------------


def test_rank_listed_passes_other_fails(make_rule, tree):
    rule = make_rule(m2m={"ranks": [code("RANK", "R18"), code("RANK", "R21")]})
    clerk = CadreFactory(unit=tree.unit_a)  # R21 一级科员
    chief = CadreFactory(unit=tree.unit_a, rank=code("RANK", "R17"))  # 一级主任科员
    assert only(check(rule, clerk)) == (
        "rank", "职务职级", True, "二级主任科员、一级科员", "一级科员"
    )  # fmt: skip
    assert only(check(rule, chief)) == (
        "rank", "职务职级", False, "二级主任科员、一级科员", "一级主任科员"
    )  # fmt: skip


def test_rank_missing_fails(make_rule, tree):
    rule = make_rule(m2m={"ranks": [code("RANK", "R21")]})
    cadre = CadreFactory(unit=tree.unit_a, rank=None)
    assert only(check(rule, cadre)) == ("rank", "职务职级", False, "一级科员", "未填写")


# --- tags ------------------------------------------------------------------------------------


def test_required_tags_all_present(make_rule, people):
    a, b = Tag.objects.create(name="乡村振兴"), Tag.objects.create(name="招商引资")
    people.cadre_a.tags.set([a, b, Tag.objects.create(name="信访")])
    rule = make_rule(m2m={"required_tags": [a, b]})
    assert only(check(rule, people.cadre_a)) == (
        "tags", "标签", True, "乡村振兴、招商引资", "均具备"
    )  # fmt: skip


def test_required_tags_missing_are_named(make_rule, people):
    a, b, c = (Tag.objects.create(name=n) for n in ("乡村振兴", "招商引资", "应急管理"))
    people.cadre_a.tags.set([b])
    rule = make_rule(m2m={"required_tags": [a, b, c]})
    result = check(rule, people.cadre_a)[0]
    assert (result.key, result.ok) == ("tags", False)
    assert set(result.required.split("、")) == {"乡村振兴", "招商引资", "应急管理"}
    assert result.actual.startswith("缺少：")
    missing = result.actual.removeprefix("缺少：").split("、")
    assert sorted(missing) == sorted(["乡村振兴", "应急管理"])
    # A cadre with no tags at all: the one required tag is named as missing.
    rule2 = make_rule(m2m={"required_tags": [a]})
    assert only(check(rule2, people.cadre_b)) == (
        "tags", "标签", False, "乡村振兴", "缺少：乡村振兴"
    )  # fmt: skip


# --- all rules together ----------------------------------------------------------------------


def test_every_rule_reported_in_fixed_order(make_rule, people):
    tag = Tag.objects.create(name="乡村振兴")
    people.cadre_a.tags.add(tag)
    rule = make_rule(
        born_from=date(1990, 1, 1),
        max_age=35,
        age_reference_date=date(2026, 12, 31),
        min_education_level=2,
        unit_types=[UnitType.PARTY_GOVT],
        min_years_since_hire=1,
        m2m={
            "political_statuses": [code("GB4762", "01")],
            "units": [people.tree.unit_a],
            "ranks": [code("RANK", "R21")],
            "required_tags": [tag],
        },
    )
    results = check(rule, people.cadre_a, today=date(2026, 11, 1))
    assert [r.key for r in results] == [
        "birth_date", "max_age", "education", "political_status", "unit", "years_since_hire",
        "rank", "tags",
    ]  # fmt: skip
    assert all(r.ok for r in results)
    assert is_eligible(results)
    # 王强 fails birth date, age (38 on 2026-12-31), unit and tags; the rest hold.
    results_b = check(rule, people.cadre_b, today=date(2026, 11, 1))
    assert {r.key for r in results_b if not r.ok} == {"birth_date", "max_age", "unit", "tags"}
    assert not is_eligible(results_b)
    assert results_b[0].as_dict() == {
        "key": "birth_date",
        "label": "出生日期",
        "ok": False,
        "required": "1990.01.01 及以后出生",
        "actual": "1988.10.09",
    }
