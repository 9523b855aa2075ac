from django.db import migrations


def load_codes(apps, schema_editor):
    from qingmiao.cadres import codeload

    codeload.load(apps.get_model("cadres", "CodeItem"))


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]

    operations = [migrations.RunPython(load_codes, migrations.RunPython.noop)]
