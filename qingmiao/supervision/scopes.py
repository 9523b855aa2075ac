"""Who sees what of supervision (see accounts.scoping for the layer itself): one module per area.

- Rounds, scores and the performance list: the organization department and leaders see those
  of the cadres in their unit subtree; an inspector only the rounds of their team (a relation);
  a host contact only the evaluations it is asked for.
- Democratic evaluation: staff see evaluations of their subtree; a ballot is linked to no
  person, so no rule can reveal who cast it.
- Growth records and fitness reviews follow the cadre's record.
- Care records are sensitive: only roles with the capability see them, every view audited.
"""

from . import scopes_care, scopes_evaluation, scopes_records, scopes_rounds  # noqa: F401
