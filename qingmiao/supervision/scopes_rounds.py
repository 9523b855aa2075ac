"""Who sees what of 管 · assessment schemes, monthly rounds (月度考察) and
their scoring, the performance list (实绩清单), the cadre portrait (干部画像)
(registered on import; see accounts.scoping).

- Schemes are a catalogue: whoever reads rounds as staff reads every scheme.
- A round: staff and leaders see the rounds their unit subtree organized and the rounds holding
  a cadre of their subtree; a member row, the cadres of their subtree (or every member of a
  round their subtree organized).
- Relations: an inspector sees the rounds of their team and every member in them; a host
  contact sees the members whose practice assignment they host, in rounds that ask the host.
"""

from django.db.models import Q

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role

from .models import (
    DimensionScore,
    Nomination,
    Round,
    RoundMember,
    Scheme,
    SchemeDimension,
    SchemeVersion,
    ScorePhoto,
)

_any = scoping.any_of


def catalogue_rule(user) -> Q | None:
    if user.role in (Role.INSPECTOR, Role.HOST) or not user.has_perm("supervision.view_rounds"):
        return None
    return Q()


def member_rule(user, prefix: str = "") -> Q | None:
    grants = [
        scoping.unit_subtree_filter(user, f"{prefix}cadre__unit"),
        scoping.unit_subtree_filter(user, f"{prefix}round__organizer"),
    ]
    if user.role == Role.INSPECTOR:
        grants.append(Q(**{f"{prefix}round__inspectors": user}))
    if user.role == Role.HOST:
        grants.append(
            Q(**{f"{prefix}assignment__host_contact": user, f"{prefix}round__asks_host": True})
        )
    return _any(grants)


def round_rule(user) -> Q | None:
    grants = [scoping.unit_subtree_filter(user, "organizer")]
    members = scoping.unit_subtree_filter(user, "cadre__unit")
    if members is not None:
        grants.append(Q(pk__in=RoundMember.objects.filter(members).values("round_id")))
    if user.role == Role.INSPECTOR:
        grants.append(Q(inspectors=user))
    return _any(grants)


def nomination_rule(user) -> Q | None:
    return _any(
        [
            scoping.unit_subtree_filter(user, "cadre__unit"),
            scoping.unit_subtree_filter(user, "round__organizer"),
        ]
    )


scoping.register(Scheme, catalogue_rule)
scoping.register(SchemeVersion, catalogue_rule)
scoping.register(SchemeDimension, catalogue_rule)
scoping.register(Round, round_rule)
scoping.register(RoundMember, member_rule)
scoping.register(DimensionScore, lambda user: member_rule(user, "member__"))
scoping.register(ScorePhoto, lambda user: member_rule(user, "member__"))
scoping.register(Nomination, nomination_rule)
