from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres import services
from qingmiao.cadres.models import Cadre
from qingmiao.cadres.tests.factories import code, make_id_number

pytestmark = pytest.mark.django_db


def base_data(unit, **extra):
    return {
        "name": "赵敏",
        "gender": code("GB2261.1", "2"),
        "birth_date": date(1996, 4, 3),
        "political_status": code("GB4762", "03"),
        "unit": unit,
        **extra,
    }


def test_create_audits_with_masked_id(people):
    number = make_id_number(date(1996, 4, 3), seq=124)
    cadre = services.cadre_create(
        actor=people.officer_a, data=base_data(people.tree.unit_a), id_number=number
    )
    entry = AuditEntry.objects.get(action="cadres.record.created")
    assert entry.actor == people.officer_a
    assert entry.object_id == str(cadre.pk)
    assert entry.changes["name"] == {"before": None, "after": "赵敏"}
    assert entry.changes["id_number"]["after"] == "110105********" + number[-4:]
    assert number not in str(entry.changes)


def test_create_outside_scope_is_refused(people):
    with pytest.raises(ValidationError) as exc:
        services.cadre_create(actor=people.officer_a, data=base_data(people.tree.unit_b))
    assert "unit" in exc.value.error_dict
    assert not Cadre.objects.filter(name="赵敏").exists()
    assert not AuditEntry.objects.filter(action="cadres.record.created").exists()


def test_create_needs_capability(people):
    with pytest.raises(PermissionDenied):
        services.cadre_create(actor=people.leader, data=base_data(people.tree.unit_a))


def test_duplicate_id_number_is_refused(people):
    number = people.cadre_a.id_number
    with pytest.raises(ValidationError) as exc:
        services.cadre_create(
            actor=people.org_admin,
            data=base_data(people.tree.unit_b, birth_date=date(1995, 5, 12)),
            id_number=number,
        )
    assert "已登记" in str(exc.value.error_dict["id_number"])


def test_update_records_before_and_after(people):
    cadre = people.cadre_a
    services.cadre_update(
        actor=people.officer_a,
        cadre=cadre,
        data={"post": "副科长"},
        expected_version=cadre.version,
    )
    cadre.refresh_from_db()
    assert (cadre.post, cadre.version) == ("副科长", 2)
    entry = AuditEntry.objects.get(action="cadres.record.updated")
    assert entry.changes == {"post": {"before": "科员", "after": "副科长"}}


def test_stale_update_changes_nothing(people):
    cadre = people.cadre_a
    services.cadre_update(
        actor=people.officer_a, cadre=cadre, data={"post": "甲"}, expected_version=1
    )
    with pytest.raises(services.StaleRecord):
        services.cadre_update(
            actor=people.org_admin, cadre=cadre, data={"post": "乙"}, expected_version=1
        )
    cadre.refresh_from_db()
    assert cadre.post == "甲"
    assert AuditEntry.objects.filter(action="cadres.record.updated").count() == 1


def test_audit_failure_rolls_back_the_change(people, monkeypatch):
    """An action whose audit entry cannot be written does not happen (等保 8.1.4.3d)."""
    from qingmiao.accounts import audit

    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.cadre_update(
            actor=people.officer_a,
            cadre=people.cadre_a,
            data={"post": "不应保存"},
            expected_version=1,
        )
    people.cadre_a.refresh_from_db()
    assert people.cadre_a.post == "科员"


def test_delete_keeps_before_picture(people):
    pk = people.cadre_b.pk
    services.cadre_delete(actor=people.org_admin, cadre=people.cadre_b)
    assert not Cadre.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="cadres.record.deleted")
    assert entry.object_id == str(pk)
    assert entry.changes["name"] == {"before": "王强", "after": None}


def test_delete_needs_capability(people):
    with pytest.raises(PermissionDenied):
        services.cadre_delete(actor=people.officer_b, cadre=people.cadre_b)


def test_sensitive_view_is_audited(people):
    services.sensitive_viewed(
        actor=people.org_admin, cadre=people.cadre_a, fields=["id_number"], channel="page"
    )
    entry = AuditEntry.objects.get(action="cadres.sensitive.viewed")
    assert entry.extra == {"fields": ["id_number"], "channel": "page"}
