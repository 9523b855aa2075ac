"""The code tables are shipped as data and loaded by migration; check them against the sources."""

import pytest

from qingmiao.cadres import codeload
from qingmiao.cadres.models import CodeItem, CodeTable

pytestmark = pytest.mark.django_db


def names(table, *codes):
    items = {c.code: c for c in CodeItem.objects.filter(table=table, code__in=codes)}
    return [items[c].name for c in codes]


def test_tables_are_loaded_with_expected_sizes():
    counts = {t: CodeItem.objects.filter(table=t).count() for t in CodeTable.values}
    assert counts == {
        "GB2261.1": 4,  # 0 未知, 1 男, 2 女, 9 未说明
        "GB2261.2": 8,
        "GB3304": 60,  # 56 nationalities + the appointment-form editor's 91/92/98/99
        "GB4762": 13,
        "GB4658": 40,
        "ZB64": 19,
        "GB6864": 56,
        "GB4761": 81,
        "GB2260": 3209,
        "RANK": 22,
    }


def test_known_values():
    assert names(CodeTable.GENDER, "1", "2") == ["男", "女"]
    assert names(CodeTable.ETHNICITY, "01", "03", "56") == ["汉族", "回族", "基诺族"]
    assert names(CodeTable.POLITICAL, "01", "13") == ["中国共产党党员", "群众"]
    assert names(CodeTable.DEGREE, "302", "208") == ["经济学硕士", "工学博士"]
    assert names(CodeTable.RELATION, "13") == ["妻子"]
    assert names(CodeTable.DIVISION, "110105", "330109") == ["朝阳区", "萧山区"]
    assert names(CodeTable.RANK, "R18", "R22") == ["二级主任科员", "二级科员"]


def test_education_maps_to_appointment_form_names():
    form = dict(CodeItem.objects.filter(table=CodeTable.EDUCATION).values_list("code", "form_name"))
    assert form["11"] == "研究生"  # 博士研究生毕业
    assert form["14"] == "研究生"  # 硕士研究生毕业
    assert form["17"] == "研究生班"
    assert form["21"] == "大学"
    assert form["28"] == "大学普通班"
    assert form["31"] == "大专"
    assert form["41"] == "中专"
    assert form["47"] == "中技"
    assert form["61"] == "高中"
    # Every mapped name is a real ZB64 name.
    zb64 = set(CodeItem.objects.filter(table=CodeTable.XUELI).values_list("name", flat=True))
    assert {v for v in form.values() if v} <= zb64


def test_political_short_and_form_names():
    item = CodeItem.objects.get(table=CodeTable.POLITICAL, code="02")
    assert (item.short_name, item.form_name) == ("中共预备党员", "预备党员")


def test_division_parents():
    item = CodeItem.objects.get(table=CodeTable.DIVISION, code="110105")
    assert item.parent_code == "110100"


def test_reload_is_idempotent():
    assert codeload.load(CodeItem) == 0
    CodeItem.objects.filter(table=CodeTable.GENDER, code="1").update(name="x")
    assert codeload.load(CodeItem) == 1
    assert CodeItem.objects.get(table=CodeTable.GENDER, code="1").name == "男"


def test_education_level():
    assert CodeItem.objects.get(table=CodeTable.EDUCATION, code="14").education_level == 1
    assert CodeItem.objects.get(table=CodeTable.EDUCATION, code="31").education_level == 3
    assert CodeItem.objects.get(table=CodeTable.GENDER, code="1").education_level is None
