import random

from django.db import migrations


def create(apps, schema_editor):
    from qingmiao.cadres.versions import KEY, TABLES
    from qingmiao.core.versions import create_triggers

    create_triggers(schema_editor.connection, KEY, TABLES)
    # The first token (random like every later one), so figures are cached from the first view.
    apps.get_model("core", "ListVersion").objects.get_or_create(
        key=KEY, defaults={"token": random.getrandbits(53)}
    )


def drop(apps, schema_editor):
    from qingmiao.cadres.versions import KEY, TABLES
    from qingmiao.core.versions import drop_triggers

    drop_triggers(schema_editor.connection, KEY, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("cadres", "0002_load_codes"),
        ("core", "0004_list_versions"),
    ]

    operations = [migrations.RunPython(create, drop)]
