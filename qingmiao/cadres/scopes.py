"""Scope rules for the cadre registry (see accounts.scoping for the layer itself)."""

from django.db.models import Q

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import UNIT_SCOPED_ROLES, Role

from .models import (
    Appraisal,
    Cadre,
    CodeItem,
    FamilyMember,
    OrgUnit,
    ResumeEntry,
    RewardPunishment,
    Tag,
)


def cadre_rule(user, prefix: str = "") -> Q | None:
    subtree = scoping.unit_subtree_filter(user, f"{prefix}unit")
    if subtree is not None:
        return subtree
    if user.role == Role.CADRE:
        return Q(**{f"{prefix}user": user})
    return None


def orgunit_rule(user) -> Q | None:
    if user.role in UNIT_SCOPED_ROLES and user.org_unit_id is not None:
        return Q(path__startswith=user.org_unit.path)
    if user.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        return Q()  # they maintain the tree and bind accounts to units
    return None


scoping.register(Cadre, cadre_rule)
scoping.register(OrgUnit, orgunit_rule)
for _model in (ResumeEntry, FamilyMember, RewardPunishment, Appraisal):
    scoping.register(_model, lambda user: cadre_rule(user, prefix="cadre__"))
# Reference data: readable by every signed-in user.
scoping.register(CodeItem, lambda user: Q())
scoping.register(Tag, lambda user: Q())
