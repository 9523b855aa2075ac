import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from qingmiao.accounts import audit
from qingmiao.cadres.models import Cadre

pytestmark = pytest.mark.django_db


def test_rotate_field_keys(people, settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    number = people.cadre_a.id_number
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_keys")
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is retired
    assert Cadre.objects.get(pk=people.cadre_a.pk).id_number == number


def test_verify_audit(people):
    audit.record("test.event", actor=people.org_admin)
    audit.record("test.event", actor=people.org_admin)
    call_command("verify_audit")


def test_verify_audit_detects_an_edit(people, django_db_blocker):
    from django.db import connection

    first = audit.record("test.event", actor=people.org_admin)
    audit.record("test.event", actor=people.org_admin)
    audit.drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE accounts_auditentry SET action = %s WHERE id = %s", ["tampered", first.pk]
            )
    finally:
        audit.create_triggers(connection)
    with pytest.raises(CommandError, match=f"entry {first.pk}"):
        call_command("verify_audit")
