"""The system screens as their administrators use them: the system admin moves a unit in the
tree; the auditor reads the resulting ledger entry in plain Chinese."""

import pytest
from playwright.sync_api import expect

from qingmiao.cadres.models import OrgUnit

pytestmark = pytest.mark.browser


def test_system_admin_moves_a_unit_in_the_tree(site, people):
    page = site.page
    site.sign_in_as(people.sysadmin)
    site.goto("/")
    page.get_by_test_id("nav-units").click()
    expect(page.get_by_role("heading", name="单位树")).to_be_visible()
    expect(page.get_by_test_id("unit-row")).to_have_count(4)
    site.screenshot("before")

    # First a mistake: 区商务局 under its own 综合科 is refused, and nothing changes.
    page.locator('[data-unit="区商务局"]').get_by_test_id("move").click()
    page.get_by_label("移到此单位之下").select_option(label="\u3000\u3000综合科")
    page.get_by_test_id("submit").click()
    expect(page.locator('[data-field="parent"]')).to_have_text(
        "不能把单位移到它自己或它的下级单位之下，请另选上级单位。"
    )
    site.screenshot("refused")

    page.get_by_label("移到此单位之下").select_option(label="\u3000区财政局")
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success")).to_contain_text("已把“区商务局”移到“区财政局”之下。")
    names = page.get_by_test_id("unit-row").evaluate_all("rows => rows.map(r => r.dataset.unit)")
    assert names == ["中共测试区委组织部", "区财政局", "区商务局", "综合科"]
    unit_a = OrgUnit.objects.get(pk=people.tree.unit_a.pk)
    assert OrgUnit.objects.get_parent(unit_a) == people.tree.unit_b
    site.screenshot()
    site.assert_healthy()


def test_auditor_reads_the_ledger(site, people):
    from qingmiao.cadres import services_units

    services_units.orgunit_move(
        actor=people.sysadmin, unit=people.tree.section_a, parent=people.tree.unit_b
    )
    page = site.page
    site.sign_in_as(people.auditor)
    site.goto("/accounts/audit/")
    row = page.get_by_test_id("audit-row").filter(has_text="调整单位隶属关系")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("audit-role")).to_have_text("系统管理员")
    changes = row.get_by_test_id("audit-changes")
    expect(changes).to_contain_text("上级单位")
    expect(changes.locator(".qm-before")).to_have_text("区商务局")
    expect(changes.locator(".qm-after")).to_have_text("区财政局")
    expect(page.locator("table.qm-ledger > tbody")).not_to_contain_text("cadres.orgunit.moved")
    # The role cell is one line high.
    height = row.get_by_test_id("audit-role").evaluate("el => el.getBoundingClientRect().height")
    line = row.get_by_test_id("audit-role").evaluate(
        "el => parseFloat(getComputedStyle(el).lineHeight)"
    )
    assert height < 2 * line + 8
    site.screenshot()
    site.assert_healthy()
