"""How the audit log names cultivation's events: the union of each area's module."""

from . import audit_events_attendance

EVENTS = {**audit_events_attendance.EVENTS}
FIELDS = {**audit_events_attendance.FIELDS}
