"""How the audit log names the events of 管 · care flags and care actions
(关心关爱) with follow-ups; sensitive, audited on every view.
"""

EVENTS: dict = {}
FIELDS: dict = {}
