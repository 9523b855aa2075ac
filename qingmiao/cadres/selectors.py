"""Scoped reads of the cadre registry. Pages, exports and the API all read through here."""

from django.db.models import Count, Prefetch, QuerySet

from qingmiao.accounts import scoping
from qingmiao.core.versions import Snapshot

from . import versions
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


def own_cadre(user) -> Cadre | None:
    """The signed-in user's own record, if they have one in scope."""
    return cadre_queryset(user).filter(user=user).first()


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


def home_counts(user) -> dict:
    """The home page's figures for the cadres in the user's scope, counted in SQL: the total,
    the generation bands (the list filter's own, oldest first, so each links to exactly its
    people), full-time education, and the visible units. Counting the whole district takes
    a good part of a second at city scale, so the figures are cached until cadre data changes
    (core/versions.py): the first view after a write counts again."""
    from .filters import GENERATIONS

    cadres = scoping.visible(user, Cadre)
    units = orgunit_queryset(user)
    figures = Snapshot(versions.KEY).cached(
        "home", lambda: _home_figures(cadres, units), cadres, units
    )
    counts = figures["by_generation"]
    return {
        "total": figures["total"],
        "bands": [
            (label, value, counts[value]) for value, label in GENERATIONS[::-1] if value in counts
        ],
        "education": [(name or "—", n) for name, n in figures["education"]],
        "unit_count": figures["unit_count"],
    }


def _home_figures(cadres: QuerySet[Cadre], units: QuerySet[OrgUnit]) -> dict:
    """Plain numbers (no translated labels: the cache serves every language)."""
    from .filters import generation_of

    by_year = cadres.order_by().values("birth_date__year").annotate(n=Count("id"))
    counts: dict[str, int] = {}
    for row in by_year:
        key = generation_of(row["birth_date__year"])
        counts[key] = counts.get(key, 0) + row["n"]
    by_education = (
        cadres.order_by()
        .values("fulltime_education__form_name")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return {
        "total": cadres.count(),
        "by_generation": counts,
        "education": [(row["fulltime_education__form_name"], row["n"]) for row in by_education],
        "unit_count": units.count(),
    }
