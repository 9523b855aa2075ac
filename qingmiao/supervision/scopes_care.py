"""Who sees what of 管 · care (关心关爱) (registered on import; see accounts.scoping).

Care records are sensitive. Only roles holding `supervision.view_care` see any of them: the
organization department (its whole tree) and unit officers (their unit subtree — the unit is
where the heart-to-heart talks are held and the help arranged, and an officer owns the
follow-ups of its people). Leaders, mentors, inspectors, hosts and the cadre themself see none,
not even that a record exists. The owner of a case also sees it when it lies outside their
subtree (a case handed across units).
"""

from django.db.models import Q

from qingmiao.accounts import scoping

from .models import CareCase, CareFlag, CareFollowUp, CareRules

VIEW = "supervision.view_care"


def _subtree(lookup: str):
    def rule(user) -> Q | None:
        if not user.has_perm(VIEW):
            return None
        return scoping.unit_subtree_filter(user, lookup)

    return rule


def _owner(lookup: str):
    def relation(user) -> Q | None:
        return Q(**{lookup: user.pk}) if user.has_perm(VIEW) else None

    return relation


scoping.register(CareCase, _subtree("cadre__unit"))
scoping.register_relation(CareCase, _owner("owner"))
scoping.register(CareFollowUp, _subtree("case__cadre__unit"))
scoping.register_relation(CareFollowUp, _owner("case__owner"))
scoping.register(CareFlag, _subtree("cadre__unit"))
# The rules hold no personal data: whoever manages care reads them.
scoping.register(CareRules, lambda user: Q() if user.has_perm("supervision.manage_care") else None)
