"""How the audit log names cultivation's events: the union of each area's module."""

from . import audit_events_curriculum

EVENTS = {**audit_events_curriculum.EVENTS}
FIELDS = {**audit_events_curriculum.FIELDS}
