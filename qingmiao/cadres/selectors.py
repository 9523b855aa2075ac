"""Scoped reads of the cadre registry. Pages, exports and the API all read through here."""

from django.db.models import Count, Prefetch, QuerySet

from qingmiao.accounts import scoping

from .models import Cadre, CodeItem, CodeTable, OrgUnit

LIST_RELATED = (
    "unit",
    "gender",
    "ethnicity",
    "political_status",
    "fulltime_education",
    "fulltime_degree",
    "inservice_education",
    "rank",
)


def cadre_queryset(user) -> QuerySet[Cadre]:
    """Every cadre the user may see, with what a list row shows loaded in a fixed number of
    queries (one join for the codes, one prefetch for tags)."""
    return scoping.visible(user, Cadre).select_related(*LIST_RELATED).prefetch_related("tags")


def cadre_get(user, pk) -> Cadre:
    """One cadre with every section, or 404 when outside the user's scope."""
    from .models import FamilyMember

    qs = (
        cadre_queryset(user)
        .select_related("inservice_degree", "marital_status", "user")
        .prefetch_related(
            "resume_entries",
            Prefetch(
                "family_members",
                queryset=FamilyMember.objects.select_related("relation", "political_status"),
            ),
            "rewards_punishments",
            "appraisals",
        )
    )
    return scoping.get_visible_or_404(user, qs, pk=pk)


def orgunit_queryset(user) -> QuerySet[OrgUnit]:
    return scoping.visible(user, OrgUnit).order_by("path")


def orgunit_tree(user) -> list[OrgUnit]:
    """Visible units in tree order, each annotated with its own cadre count."""
    return list(orgunit_queryset(user).annotate(cadre_count=Count("cadres")))


def codes(table: str) -> QuerySet[CodeItem]:
    return CodeItem.objects.of(table)


def political_choices():
    return codes(CodeTable.POLITICAL)
