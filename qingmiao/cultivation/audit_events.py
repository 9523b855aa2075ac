"""How the audit log names cultivation's events: the union of each area's module."""

from .audit_events_mentoring import EVENTS as _MENTORING_EVENTS
from .audit_events_mentoring import FIELDS as _MENTORING_FIELDS

EVENTS = {**_MENTORING_EVENTS}
FIELDS = {**_MENTORING_FIELDS}
