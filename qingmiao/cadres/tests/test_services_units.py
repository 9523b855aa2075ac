"""Org-unit, code and tag services against results worked out by hand on the persona tree:

中共测试区委组织部 (root)
├── 区商务局 (unit_a)      ← officer_a, cadre_user, mentor; cadre 张伟
│   └── 综合科 (section_a) ← cadre 李娜
└── 区财政局 (unit_b)      ← officer_b; cadre 王强
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingmiao.accounts.models import AuditEntry, User
from qingmiao.cadres import services_codes, services_units
from qingmiao.cadres.models import Cadre, CodeItem, OrgUnit, Tag, UnitType
from qingmiao.cadres.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def _tree():
    """(name, depth) in tree order, as the tree page shows it."""
    return [(u.name, u.depth) for u in OrgUnit.objects.order_by("path")]


def _data(**values):
    return {"name": "区科技局", "code": "K001", "unit_type": UnitType.PARTY_GOVT, **values}


def test_create_adds_a_child_and_audits_it(people):
    unit = services_units.orgunit_create(
        actor=people.sysadmin, parent=people.tree.root, data=_data(is_remote=True)
    )
    assert OrgUnit.objects.get_parent(unit) == people.tree.root
    assert unit.depth == 2 and unit.is_remote
    entry = AuditEntry.objects.get(action="cadres.orgunit.created")
    assert entry.object_id == str(unit.pk)
    assert entry.changes["parent"] == {"before": None, "after": "中共测试区委组织部"}
    assert entry.changes["code"] == {"before": None, "after": "K001"}


def test_create_with_a_code_in_use_is_refused_and_nothing_is_added(people):
    used = people.tree.unit_b.code
    with pytest.raises(ValidationError) as exc:
        services_units.orgunit_create(
            actor=people.sysadmin, parent=people.tree.root, data=_data(code=used)
        )
    assert "区财政局" in exc.value.message_dict["code"][0]
    assert OrgUnit.objects.count() == 4
    assert not AuditEntry.objects.exists()


def test_move_carries_the_subtree(people):
    tree = people.tree
    services_units.orgunit_move(actor=people.sysadmin, unit=tree.unit_a, parent=tree.unit_b)
    assert _tree() == [
        ("中共测试区委组织部", 1),
        ("区财政局", 2),
        ("区商务局", 3),
        ("综合科", 4),
    ]
    section = OrgUnit.objects.get(pk=tree.section_a.pk)
    assert OrgUnit.objects.get_parent(OrgUnit.objects.get_parent(section)) == tree.unit_b
    # Scope follows the tree: officer_b now sees unit A's cadres too.
    from qingmiao.cadres import selectors

    officer_b = User.objects.get(pk=people.officer_b.pk)
    assert set(selectors.cadre_queryset(officer_b).values_list("name", flat=True)) == {
        "张伟",
        "李娜",
        "王强",
    }
    entry = AuditEntry.objects.get(action="cadres.orgunit.moved")
    assert entry.changes == {"parent": {"before": "中共测试区委组织部", "after": "区财政局"}}


@pytest.mark.parametrize("target", ["unit_a", "section_a"])
def test_moving_a_unit_under_itself_or_its_child_is_refused(people, target):
    tree = people.tree
    before = _tree()
    with pytest.raises(ValidationError) as exc:
        services_units.orgunit_move(
            actor=people.sysadmin, unit=tree.unit_a, parent=getattr(tree, target)
        )
    assert "下级单位" in exc.value.message_dict["parent"][0]
    assert _tree() == before
    assert not AuditEntry.objects.exists()


def test_merge_moves_cadres_users_and_children(people):
    tree = people.tree
    counts = services_units.orgunit_merge(
        actor=people.sysadmin, unit=tree.unit_a, into=tree.unit_b, cadres_to=tree.unit_b
    )
    # unit A held 张伟 directly (李娜 is in its section), and three accounts.
    assert counts == {"cadres": 1, "users": 3, "children": 1, "other": 0}
    assert not OrgUnit.objects.filter(pk=tree.unit_a.pk).exists()
    assert _tree() == [("中共测试区委组织部", 1), ("区财政局", 2), ("综合科", 3)]
    assert Cadre.objects.get(pk=people.cadre_a.pk).unit == tree.unit_b
    assert Cadre.objects.get(pk=people.cadre_a2.pk).unit == tree.section_a
    assert set(User.objects.filter(org_unit=tree.unit_b).values_list("username", flat=True)) == {
        "officer_a",
        "officer_b",
        "cadre",
        "mentor",
    }
    entry = AuditEntry.objects.get(action="cadres.orgunit.merged")
    assert entry.object_id == str(tree.unit_b.pk)
    assert entry.changes == {"merged_unit": {"before": "区商务局", "after": "区财政局"}}
    assert entry.extra["cadres"] == 1 and entry.extra["children"] == 1


def test_merge_can_send_the_cadres_elsewhere(people):
    tree = people.tree
    services_units.orgunit_merge(
        actor=people.sysadmin, unit=tree.unit_a, into=tree.unit_b, cadres_to=tree.section_a
    )
    assert Cadre.objects.get(pk=people.cadre_a.pk).unit == tree.section_a


def test_merge_with_cadres_and_no_destination_is_refused(people):
    tree = people.tree
    before = _tree()
    with pytest.raises(ValidationError) as exc:
        services_units.orgunit_merge(actor=people.sysadmin, unit=tree.unit_a, into=tree.unit_b)
    assert exc.value.message_dict["cadres_to"] == [
        "该单位还有 1 名干部，请选择他们转入的单位后再合并。"
    ]
    assert _tree() == before
    assert User.objects.filter(org_unit=tree.unit_a).count() == 3
    assert not AuditEntry.objects.exists()


def test_merge_of_an_empty_unit_needs_no_destination(people):
    tree = people.tree
    empty = OrgUnitFactory.child(tree.root, "区档案馆")
    counts = services_units.orgunit_merge(actor=people.sysadmin, unit=empty, into=tree.unit_b)
    assert counts == {"cadres": 0, "users": 0, "children": 0, "other": 0}
    assert OrgUnit.objects.count() == 4


def test_merge_into_own_child_is_refused(people):
    tree = people.tree
    with pytest.raises(ValidationError) as exc:
        services_units.orgunit_merge(
            actor=people.sysadmin, unit=tree.unit_a, into=tree.section_a, cadres_to=tree.unit_b
        )
    assert "into" in exc.value.message_dict
    assert Cadre.objects.get(pk=people.cadre_a.pk).unit == tree.unit_a


def test_merge_carries_a_programmes_host_unit(people):
    """References from a chain app (a programme's organizer, its rule's units) follow the
    merge: found from the model's relations, not listed by hand."""
    from qingmiao.selection.tests.factories import make_program

    program = make_program(
        people.org_admin,
        organizer=people.tree.unit_a,
        rule_m2m={"units": [people.tree.unit_a, people.tree.unit_b]},
    )
    counts = services_units.orgunit_merge(
        actor=people.sysadmin,
        unit=people.tree.unit_a,
        into=people.tree.unit_b,
        cadres_to=people.tree.unit_b,
    )
    program.refresh_from_db()
    assert program.organizer == people.tree.unit_b
    # The rule named both units; it now names the merged one once.
    assert list(program.rule.units.all()) == [people.tree.unit_b]
    # Moved: the organizer. The rule already named unit B, so its line for A is dropped.
    assert counts["other"] == 1


@pytest.mark.parametrize("persona", ["org_admin", "secadmin", "auditor", "officer_a"])
def test_only_the_system_admin_manages_units(people, persona):
    with pytest.raises(PermissionDenied):
        services_units.orgunit_move(
            actor=getattr(people, persona), unit=people.tree.section_a, parent=people.tree.unit_b
        )


# --- codes and tags ---------------------------------------------------------------------------


def test_local_code_added_renamed_and_disabled(people):
    item = services_codes.codeitem_create(
        actor=people.sysadmin, table="RANK", code="X01", name="专项工作专员"
    )
    services_codes.codeitem_update(actor=people.sysadmin, item=item, data={"name": "专项专员"})
    services_codes.codeitem_update(actor=people.sysadmin, item=item, data={"is_active": False})
    item.refresh_from_db()
    assert (item.name, item.is_active) == ("专项专员", False)
    assert not CodeItem.objects.of("RANK").filter(pk=item.pk).exists()
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "cadres.code.created",
        "cadres.code.updated",
        "cadres.code.disabled",
    ]


def test_duplicate_code_is_refused(people):
    existing = CodeItem.objects.filter(table="GB3304").first()
    with pytest.raises(ValidationError) as exc:
        services_codes.codeitem_create(
            actor=people.sysadmin, table="GB3304", code=existing.code, name="重复"
        )
    assert exc.value.message_dict["code"] == [f"该代码表中已有代码“{existing.code}”。"]
    assert not CodeItem.objects.filter(name="重复").exists()


def test_tags_merge_and_delete(people):
    a = services_codes.tag_create(actor=people.sysadmin, name="选调生")
    b = services_codes.tag_create(actor=people.sysadmin, name="定向选调生")
    people.cadre_a.tags.add(a, b)
    people.cadre_b.tags.add(a)
    with pytest.raises(ValidationError):
        services_codes.tag_delete(actor=people.sysadmin, tag=a)
    # 张伟 carries both: one use merges into the tag he has; 王强's moves.
    assert services_codes.tag_merge(actor=people.sysadmin, tag=a, into=b) == 2
    assert not Tag.objects.filter(pk=a.pk).exists()
    assert list(people.cadre_a.tags.values_list("name", flat=True)) == ["定向选调生"]
    assert list(people.cadre_b.tags.values_list("name", flat=True)) == ["定向选调生"]
    with pytest.raises(ValidationError) as exc:
        services_codes.tag_create(actor=people.sysadmin, name="定向选调生")
    assert "name" in exc.value.message_dict
    unused = services_codes.tag_create(actor=people.sysadmin, name="临时")
    services_codes.tag_delete(actor=people.sysadmin, tag=unused)
    assert not Tag.objects.filter(name="临时").exists()
    assert AuditEntry.objects.filter(action="cadres.tag.deleted").count() == 1
