"""How the audit log names cultivation's events: the union of each area's module."""

from . import audit_events_practice, audit_events_teams

EVENTS = {**audit_events_practice.EVENTS, **audit_events_teams.EVENTS}
FIELDS = {**audit_events_practice.FIELDS, **audit_events_teams.FIELDS}
