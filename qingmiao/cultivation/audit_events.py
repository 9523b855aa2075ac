"""How the audit log names cultivation's events: one module per area, united here (see
qingmiao/accounts/ledger.py)."""

from . import audit_events_plans, audit_events_results

EVENTS = {**audit_events_results.EVENTS, **audit_events_plans.EVENTS}
FIELDS = {**audit_events_results.FIELDS, **audit_events_plans.FIELDS}
