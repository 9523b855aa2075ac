"""How the audit log names cultivation's events: the union of each area's module."""

from . import (
    audit_events_attendance,
    audit_events_curriculum,
    audit_events_mentoring,
    audit_events_plans,
    audit_events_practice,
    audit_events_results,
    audit_events_teams,
)

_AREAS = (
    audit_events_attendance,
    audit_events_curriculum,
    audit_events_mentoring,
    audit_events_plans,
    audit_events_practice,
    audit_events_results,
    audit_events_teams,
)
EVENTS = {key: label for area in _AREAS for key, label in area.EVENTS.items()}
FIELDS = {key: label for area in _AREAS for key, label in area.FIELDS.items()}
