"""Who sees what of 管 · democratic evaluation (民主测评) with anonymous
ballot slips, annual appraisal (年度考核) with the 优秀 quota (registered on
import; see accounts.scoping).

- An evaluation: staff who may read evaluations see those organized in their unit subtree and
  those with a subject in it. Slips and ballots are never read one by one; results are counts.
- The people asked to vote: each sees only their own invitation.
- Appraisal proposals follow the cadre: the unit subtree, for roles that read or propose them.
"""

from django.db.models import Q

from qingmiao.accounts import scoping

from .models import AppraisalProposal, Evaluation, EvaluationSubject, SlipRecipient


def evaluation_rule(user) -> Q | None:
    if not user.has_perm("supervision.view_evaluations"):
        return None
    organized = scoping.unit_subtree_filter(user, "unit")
    about = scoping.unit_subtree_filter(user, "cadre__unit")
    if about is not None and about:
        about = Q(pk__in=EvaluationSubject.objects.filter(about).values("evaluation_id"))
    return scoping.any_of([organized, about])


def recipient_rule(user) -> Q | None:
    return Q(user=user)


def proposal_rule(user) -> Q | None:
    if not (
        user.has_perm("supervision.view_appraisals")
        or user.has_perm("supervision.propose_appraisal")
    ):
        return None
    return scoping.unit_subtree_filter(user, "cadre__unit")


scoping.register(Evaluation, evaluation_rule)
scoping.register(SlipRecipient, recipient_rule)
scoping.register(AppraisalProposal, proposal_rule)
