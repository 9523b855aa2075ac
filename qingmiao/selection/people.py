"""The people a user may assign: raters now, mentors and inspectors once those areas exist.
Outside raters belong to no unit; everyone else must be in the user's unit subtree."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role


def rater_candidates(user, roles) -> QuerySet:
    """Active accounts holding one of `roles` that the user may ask to score: outside raters
    (who belong to no unit) and people of the user's own unit subtree."""
    users = get_user_model().objects.filter(role__in=list(roles), is_active=True)
    # any_of, not |: the root's subtree is Q(), which an OR would silently drop.
    inside = scoping.any_of(
        [Q(org_unit__isnull=True), scoping.unit_subtree_filter(user, "org_unit")]
    )
    return users.filter(inside).select_related("org_unit").order_by("role", "username")


ASSIGNABLE_ROLES = (Role.RATER, Role.LEADER, Role.MENTOR, Role.INSPECTOR)


def assignable_people(user, roles=ASSIGNABLE_ROLES, text: str = "") -> QuerySet:
    """People the user may assign (as raters now; as mentors or inspectors once those areas
    exist), found by a piece of their name or the start of their username; the same pool as
    the rater assignment page."""
    people = rater_candidates(user, roles)
    text = text.strip()
    if text:
        people = people.filter(Q(full_name__contains=text) | Q(username__istartswith=text))
    return people
