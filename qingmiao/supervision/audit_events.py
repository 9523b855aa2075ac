"""How the audit log names supervision's events: the union of each area's
module.
"""

from . import audit_events_care, audit_events_evaluation, audit_events_records, audit_events_rounds

_AREAS = (audit_events_rounds, audit_events_evaluation, audit_events_records, audit_events_care)
EVENTS = {key: label for area in _AREAS for key, label in area.EVENTS.items()}
FIELDS = {key: label for area in _AREAS for key, label in area.FIELDS.items()}
