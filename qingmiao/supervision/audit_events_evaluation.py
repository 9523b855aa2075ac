"""How the audit log names the events of 管 · democratic evaluation (民主测评)
with anonymous ballot slips, annual appraisal (年度考核) with the 优秀
quota.
"""

EVENTS: dict = {}
FIELDS: dict = {}
