from django.db import migrations


def create(apps, schema_editor):
    from qingmiao.accounts.audit import create_triggers

    create_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from qingmiao.accounts.audit import drop_triggers

    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    """Database triggers refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit rows."""

    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(create, drop)]
