"""The one scoping layer: what each user may see.

Every page, export and API endpoint obtains protected objects through `visible()` or
`get_visible_or_404()`. A model joins the layer by registering a rule; asking for a model
that has no rule raises, so a forgotten scope fails loudly instead of leaking records.

A rule maps (user, queryset) → queryset. Chain apps add relationships on top of the base rule
(a mentor sees their mentees, a rater the candidates assigned to them) with `register_relation`,
so the decision for a model stays in one place.
"""

from collections.abc import Callable

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .roles import ADMIN_ROLES, UNIT_SCOPED_ROLES, Role

# A rule returns a Q of the rows the user may see, or None for none at all.
Rule = Callable[[object], Q | None]

_rules: dict[type[Model], Rule] = {}
_relations: dict[type[Model], list[Rule]] = {}


class ScopeNotRegistered(LookupError):
    pass


def register(model: type[Model], rule: Rule) -> None:
    _rules[model] = rule


def register_relation(model: type[Model], relation: Rule) -> None:
    """Add a relationship grant: `relation(user)` returns a Q of extra visible rows, or None."""
    _relations.setdefault(model, []).append(relation)


def scope_filter(user, model: type[Model]) -> Q | None:
    rule = _rules.get(model)
    if rule is None:
        raise ScopeNotRegistered(f"no scope rule for {model._meta.label}")
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return any_of([rule(user), *(rel(user) for rel in _relations.get(model, []))])


def any_of(grants) -> Q | None:
    """OR together the grants that are not None; None when there are none.

    An empty Q() grants every row, but Django drops an empty Q from an OR (X | Q() is X), so it
    must win outright rather than be combined."""
    grants = [g for g in grants if g is not None]
    if not grants:
        return None
    if any(not g for g in grants):
        return Q()
    combined = grants[0]
    for g in grants[1:]:
        combined |= g
    return combined


def visible(user, model_or_qs: type[Model] | QuerySet) -> QuerySet:
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    q = scope_filter(user, qs.model)
    return qs.none() if q is None else qs.filter(q)


def get_visible_or_404(user, model_or_qs, **lookup):
    """Fetch one object by user input; anything outside the user's scope is a 404, never a 403,
    so that ids outside the scope cannot be probed."""
    qs = visible(user, model_or_qs)
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- helpers for rules ---------------------------------------------------------------------


def unit_subtree_filter(user, unit_lookup: str) -> Q | None:
    """Q for rows whose org unit (`unit_lookup` names the FK, e.g. "unit" or "cadre__unit")
    lies in the user's unit subtree.

    The subtree is one indexed prefix match on the units' materialized path, evaluated once as
    a sub-select, so the protected table is filtered by its unit id without a join per row.
    """
    if user.role not in UNIT_SCOPED_ROLES or user.org_unit_id is None:
        return None
    unit = user.org_unit
    units = type(unit)._default_manager
    # Asked once per request (keyed by the request's id: a user object may outlive it).
    from .audit import request_context

    request_id = request_context().request_id
    kept = getattr(user, "_qm_whole_tree", None)
    if request_id and kept is not None and kept[0] == request_id:
        whole_tree = kept[1]
    else:
        whole_tree = unit.depth == 1 and units.filter(depth=1).count() == 1
        user._qm_whole_tree = (request_id, whole_tree)
    if whole_tree:
        # The root of the only tree: everything is in scope, and saying so without a
        # condition lets the database walk the list's sort index and stop at one page.
        return Q()
    subtree = units.filter(path__startswith=user.org_unit.path).values("pk")
    return Q(**{f"{unit_lookup}__in": subtree})


def is_admin_role(user) -> bool:
    return user.role in ADMIN_ROLES


def is_cadre(user) -> bool:
    return user.role == Role.CADRE
