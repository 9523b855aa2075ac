"""When fitness reviews (适岗情况与能力水平分析) fall due: the rule the schedule page states, the
services apply and the reminders follow, in one place.

A participant's reviews fall due every `interval` months from their hire date (the programme's
start for those with none): hired 2025-03-31 with a six-month interval → 2025-09-30,
2026-03-31, 2026-09-30… (a month without the day takes its last day). A review opens
`lead_days` before its due date and is overdue from the day after it.
"""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from qingmiao.cultivation.phases import add_months


def due_dates(base: date, interval: int, *, until: date) -> list[date]:
    """The due dates after `base`, every `interval` months, up to `until` included."""
    out = []
    k = 1
    while (day := add_months(base, k * interval)) <= until:
        out.append(day)
        k += 1
    return out


def opens_by(today: date, lead_days: int) -> date:
    """Reviews due on or before this day are open on `today`."""
    return today + timedelta(days=lead_days)


def is_overdue(due_date: date, today: date) -> bool:
    return due_date < today


def rule_text(interval: int, lead_days: int) -> str:
    return _(
        "自入职之日起每 %(interval)s 个月开展一次适岗情况与能力水平分析，"
        "到期前 %(lead)s 天开始提醒，过期未分析的列为超期。"
    ) % {"interval": interval, "lead": lead_days}
