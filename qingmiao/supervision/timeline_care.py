"""What 管 · care flags and care actions (关心关爱) with follow-ups;
sensitive, audited on every view adds to a cadre's growth record
(registered on import; see timeline.py).
"""
