"""How the audit log names the events of 管 · assessment schemes, monthly
rounds (月度考察) and their scoring, the performance list (实绩清单), the
cadre portrait (干部画像).
"""

EVENTS: dict = {}
FIELDS: dict = {}
