"""The system administrator's screens (units, codes, tags) per persona, with bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ALL_ROLES
from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.models import Cadre, CodeItem, OrgUnit, Tag

pytestmark = pytest.mark.django_db

PAGES = [
    ("system:units", {}),
    ("system:unit_add", {"pk": "root"}),
    ("system:unit_edit", {"pk": "unit_a"}),
    ("system:unit_move", {"pk": "unit_a"}),
    ("system:unit_merge", {"pk": "unit_a"}),
    ("system:codes", {}),
    ("system:code_add", {}),
    ("system:tags", {}),
    ("system:tag_add", {}),
]


def _url(people, name, kwargs):
    kwargs = {k: getattr(people.tree, v).pk for k, v in kwargs.items()}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name, kwargs", PAGES)
@pytest.mark.parametrize("persona", ALL_ROLES)
def test_only_the_system_admin_reaches_the_system_screens(login, people, persona, name, kwargs):
    response = login(getattr(people, persona)).get(_url(people, name, kwargs))
    assert response.status_code == (200 if persona == "sysadmin" else 403), persona


def test_unit_tree_is_expanded_and_shows_no_cadre(login, people):
    response = login(people.sysadmin).get(reverse("system:units"))
    content = response.content.decode()
    names = [u.name for u in response.context["units"]]
    assert names == ["中共测试区委组织部", "区商务局", "综合科", "区财政局"]
    assert [u.indent for u in response.context["units"]] == [0, 1, 2, 1]
    for cadre in ("张伟", "李娜", "王强"):
        assert cadre not in content


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_unit_tree_runs_a_constant_number_of_queries(login, people):
    from qingmiao.cadres.tests.factories import OrgUnitFactory

    client = login(people.sysadmin)
    client.get(reverse("system:units"))
    small = _queries(client, reverse("system:units"))
    for i in range(20):
        OrgUnitFactory.child(people.tree.unit_b, f"科室{i}")
    assert _queries(client, reverse("system:units")) == small


def test_unknown_unit_is_a_404(login, people):
    assert login(people.sysadmin).get("/system/units/999999/edit/").status_code == 404


def test_moving_a_unit_through_the_page(login, people):
    tree = people.tree
    response = login(people.sysadmin).post(
        reverse("system:unit_move", args=[tree.section_a.pk]), {"parent": tree.unit_b.pk}
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get_parent(OrgUnit.objects.get(pk=tree.section_a.pk)) == tree.unit_b
    assert AuditEntry.objects.filter(action="cadres.orgunit.moved").count() == 1


def test_moving_under_own_child_shows_the_field_message(login, people):
    tree = people.tree
    paths = list(OrgUnit.objects.order_by("pk").values_list("path", flat=True))
    response = login(people.sysadmin).post(
        reverse("system:unit_move", args=[tree.unit_a.pk]), {"parent": tree.section_a.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "不能把单位移到它自己或它的下级单位之下，请另选上级单位。"
    ]
    assert list(OrgUnit.objects.order_by("pk").values_list("path", flat=True)) == paths
    assert not AuditEntry.objects.filter(action__startswith="cadres.orgunit").exists()


def test_merging_with_cadres_and_no_destination_shows_the_field_message(login, people):
    tree = people.tree
    client = login(people.sysadmin)
    url = reverse("system:unit_merge", args=[tree.unit_a.pk])
    page = client.get(url).content.decode()
    assert "本单位现有干部 1 名" in page
    assert "张伟" not in page
    response = client.post(url, {"into": tree.unit_b.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["cadres_to"] == [
        "该单位还有 1 名干部，请选择他们转入的单位后再合并。"
    ]
    assert OrgUnit.objects.filter(pk=tree.unit_a.pk).exists()
    assert Cadre.objects.get(pk=people.cadre_a.pk).unit == tree.unit_a
    response = client.post(url, {"into": tree.unit_b.pk, "cadres_to": tree.unit_b.pk})
    assert response.status_code == 302
    assert not OrgUnit.objects.filter(pk=tree.unit_a.pk).exists()


def test_adding_and_editing_units_with_bad_input(login, people):
    tree = people.tree
    client = login(people.sysadmin)
    data = {"name": "区科技局", "code": tree.unit_b.code, "unit_type": "party_govt"}
    response = client.post(reverse("system:unit_add", args=[tree.root.pk]), data)
    assert response.status_code == 200
    assert "区财政局" in response.context["form"].errors["code"][0]
    data.update(code="K9", division_code="999999")
    response = client.post(reverse("system:unit_add", args=[tree.root.pk]), data)
    assert response.context["form"].errors["division_code"] == ["行政区划代码表中没有“999999”。"]
    assert OrgUnit.objects.count() == 4
    data.update(division_code="110105", is_remote="on")
    assert client.post(reverse("system:unit_add", args=[tree.root.pk]), data).status_code == 302
    unit = OrgUnit.objects.get(code="K9")
    assert unit.is_remote and unit.division.code == "110105"
    data.update(name="区科学技术局", is_remote="")
    assert client.post(reverse("system:unit_edit", args=[unit.pk]), data).status_code == 302
    entry = AuditEntry.objects.get(action="cadres.orgunit.updated")
    assert entry.changes == {
        "name": {"before": "区科技局", "after": "区科学技术局"},
        "is_remote": {"before": True, "after": False},
    }


def test_code_list_filters_and_a_duplicate_code_is_refused(login, people):
    client = login(people.sysadmin)
    response = client.get(reverse("system:codes"), {"table": "GB3304", "q": "蒙古"})
    assert [c.name for c in response.context["page"]] == ["蒙古族"]
    response = client.post(
        reverse("system:code_add"), {"table": "GB3304", "code": "01", "name": "重复"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["该代码表中已有代码“01”。"]
    assert not CodeItem.objects.filter(name="重复").exists()
    item = CodeItem.objects.get(table="GB3304", code="01")
    response = client.post(
        reverse("system:code_edit", args=[item.pk]), {"name": item.name, "short_name": ""}
    )
    assert response.status_code == 302
    assert CodeItem.objects.get(pk=item.pk).is_active is False
    assert AuditEntry.objects.get(action="cadres.code.disabled").object_id == str(item.pk)


def test_code_list_pages_run_constant_queries(login, people):
    client = login(people.sysadmin)
    client.get(reverse("system:codes"))
    few = _queries(client, reverse("system:codes"), {"table": "GB2261.1"})  # three codes
    many = _queries(client, reverse("system:codes"), {"table": "GB2260", "page": 3})  # fifty
    assert few == many


def test_tags_screens(login, people):
    client = login(people.sysadmin)
    assert client.post(reverse("system:tag_add"), {"name": "选调生"}).status_code == 302
    assert client.post(reverse("system:tag_add"), {"name": "选调生"}).context["form"].errors[
        "name"
    ] == ["已有名为“选调生”的标签。"]
    used = Tag.objects.get(name="选调生")
    people.cadre_a.tags.add(used)
    client.post(reverse("system:tag_delete", args=[used.pk]))
    assert Tag.objects.filter(pk=used.pk).exists()
    other = Tag.objects.create(name="定向选调生")
    response = client.post(reverse("system:tag_merge", args=[used.pk]), {"into": other.pk})
    assert response.status_code == 302
    assert list(people.cadre_a.tags.values_list("name", flat=True)) == ["定向选调生"]
    assert AuditEntry.objects.filter(action="cadres.tag.merged").count() == 1
