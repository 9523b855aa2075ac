"""One date format per context, through the four filters of the `qingmiao` template library."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone

ROOT = Path(settings.BASE_DIR)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def render(source: str, **context) -> str:
    return Template("{% load qingmiao %}" + source).render(Context(context))


def test_record_month():
    assert render("{{ d|month }}", d=datetime.date(1990, 5, 12)) == "1990.05"
    assert render("{{ d|month }}", d=None) == ""


def test_list_date():
    assert render("{{ d|list_date }}", d=datetime.date(2026, 11, 2)) == "2026.11.02"
    assert render("{{ d|list_date|default:'—' }}", d=None) == "—"


def test_sentence_date():
    assert render("{{ d|cn_date }}", d=datetime.date(2026, 11, 2)) == "2026年11月2日"
    assert render("{{ d|cn_date }}", d=None) == ""


def test_a_moment_falls_on_its_local_day():
    # 17:30 UTC on the 21st is already 01:30 on the 22nd in Beijing.
    late = datetime.datetime(2026, 11, 21, 17, 30, tzinfo=datetime.UTC)
    with timezone.override(SHANGHAI):
        assert render("{{ t|cn_date }} {{ t|list_date }}", t=late) == "2026年11月22日 2026.11.22"
    assert render("{{ t|cn_datetime|default:'—' }}", t=None) == "—"


def test_moment_follows_the_active_time_zone():
    moment = datetime.datetime(2026, 11, 22, 6, 5, tzinfo=datetime.UTC)
    with timezone.override(SHANGHAI):
        assert render("{{ t|cn_datetime }}", t=moment) == "2026年11月22日 14:05"
    with timezone.override(datetime.UTC):
        assert render("{{ t|cn_datetime }}", t=moment) == "2026年11月22日 06:05"
    assert render("{{ d|cn_datetime }}", d=datetime.date(2026, 11, 22)) == "2026年11月22日"


def test_templates_show_dates_only_through_the_filters():
    """No template formats a date by hand (`|date:"…"`): each context has its filter. The
    audit ledger alone shows seconds, to order entries made within the same minute."""
    ledger = ROOT / "qingmiao" / "accounts" / "templates" / "accounts" / "audit_list.html"
    found = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("qingmiao/*/templates/**/*.html")]:
        if path == ledger:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\|\s*date\s*:", line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []
