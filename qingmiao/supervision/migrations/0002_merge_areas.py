# The four areas of 管 were built side by side, each with its own first migration; this joins
# them into one history.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_care"),
        ("supervision", "0001_evaluation"),
        ("supervision", "0001_records"),
        ("supervision", "0001_rounds"),
    ]

    operations: list = []
