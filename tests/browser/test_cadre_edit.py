"""Editing a record: a rejected ID number and a saved change."""

import re

import pytest
from playwright.sync_api import expect

from qingmiao.cadres import idcard
from qingmiao.cadres.models import Cadre

pytestmark = pytest.mark.browser


def test_wrong_id_check_character_is_rejected_in_chinese(site, people):
    page = site.page
    cadre = people.cadre_a
    original = cadre.id_number
    wrong = original[:17] + next(c for c in idcard.CHECK_CHARS if c != original[17])
    version = Cadre.objects.get(pk=cadre.pk).version
    site.sign_in_as(people.org_admin)
    site.goto(f"/cadres/{cadre.pk}/edit/")
    field = page.get_by_label("身份证号码", exact=True)
    expect(field).to_have_value(original)

    field.fill(wrong)
    page.get_by_test_id("save").click()
    expect(page).to_have_url(site.url(f"/cadres/{cadre.pk}/edit/"))
    expect(page.get_by_test_id("form-errors")).to_have_text("请更正下列标红的内容。")
    # The message sits right under the ID field, which is marked invalid.
    message = page.locator("#id_id_number + .invalid-feedback")
    expect(message).to_have_text("身份证号码校验位错误，请核对。")
    expect(message).to_be_visible()
    expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(field).to_have_value(wrong)
    site.screenshot("rejected")

    saved = Cadre.objects.get(pk=cadre.pk)
    assert saved.id_number == original
    assert saved.version == version
    site.goto(f"/cadres/{cadre.pk}/")
    expect(page.get_by_test_id("id-number")).to_have_text(original)


def test_changed_post_is_saved_and_shown(site, people):
    page = site.page
    cadre = people.cadre_a
    site.sign_in_as(people.org_admin)
    site.goto(f"/cadres/{cadre.pk}/")
    page.get_by_test_id("edit").click()
    expect(page).to_have_url(site.url(f"/cadres/{cadre.pk}/edit/"))
    expect(page.get_by_role("heading", name="编辑档案：张伟")).to_be_visible()

    page.get_by_label("现任职务", exact=True).fill("区商务局办公室副主任")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(site.url(f"/cadres/{cadre.pk}/"))
    expect(page.get_by_role("alert")).to_contain_text("已保存。")
    expect(page.locator(".qm-record-head")).to_contain_text("区商务局 · 区商务局办公室副主任")
    assert Cadre.objects.get(pk=cadre.pk).post == "区商务局办公室副主任"
