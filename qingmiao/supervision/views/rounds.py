"""Monthly rounds as staff read them: the list, a round's performance list (实绩清单, this
month's and the cumulative one), the 考察概况 of a round, one member's evidence, a cadre's
figures behind the portrait."""

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from qingmiao.cadres import selectors as cadre_selectors
from qingmiao.core.export import export_list
from qingmiao.paging import IdFirstPaginator

from .. import evidence_rounds, exports_rounds, panels_care, scoring_rounds
from ..filters_rounds import RankingFilter, RoundFilter
from ..forms_rounds import NominateForm, ReopenForm
from ..selectors import overview_rounds
from ..selectors import rounds as selectors
from ..services.rounds_close import NOMINATE_TOP

PAGE_SIZES = (20, 50, 100)


def _page(request, filterset):
    params = request.GET
    try:
        size = int(params.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        size = PAGE_SIZES[0]
    size = size if size in PAGE_SIZES else PAGE_SIZES[0]
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = IdFirstPaginator(rows, size).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return {"filter": filterset, "page": page, "query": query.urlencode(),
            "page_sizes": PAGE_SIZES, "page_size": size}  # fmt: skip


@login_required
@permission_required("supervision.view_rounds", raise_exception=True)
def round_list(request):
    if request.user.role == "inspector":
        raise Http404  # an inspector's rounds are on the phone page
    filterset = RoundFilter(
        request.GET, queryset=selectors.round_queryset(request.user), user=request.user
    )
    context = _page(request, filterset)
    context["rows"] = selectors.with_counts(context["page"].object_list)
    return render(request, "supervision/staff/round_list.html", context)


@login_required
@require_POST
def round_list_export(request):
    return export_list(request, exports_rounds.ROUND_LIST, back="supervision:round_list")


def _which(request) -> bool:
    return request.GET.get("list") == "cumulative"


@login_required
@permission_required("supervision.view_performance", raise_exception=True)
def round_detail(request, pk):
    round_ = selectors.round_get(request.user, pk)
    cumulative = _which(request)
    rows = selectors.ranking(request.user, round_, cumulative=cumulative)
    context = _page(request, RankingFilter(request.GET, queryset=rows, user=request.user))
    context["rows"] = selectors.with_nominated(round_, context["page"].object_list)
    for m in context["rows"]:
        m.move = scoring_rounds.movement(m.rank, m.previous_rank)
        m.cumulative_move = scoring_rounds.movement(m.cumulative_rank, m.previous_cumulative_rank)
        m.may_nominate = (
            not round_.is_open
            and not m.nominated
            and ((m.cumulative_rank if cumulative else m.rank) or NOMINATE_TOP + 1) <= NOMINATE_TOP
        )
    context |= {
        "round": round_,
        "cumulative": cumulative,
        "progress": overview_rounds.progress(request.user, round_),
        "previous": selectors.previous_round(round_),
        "nominations": selectors.nominations(request.user, round_),
        "total_rule": scoring_rounds.TOTAL_RULE,
        "cumulative_rule": scoring_rounds.CUMULATIVE_RULE,
        "top": NOMINATE_TOP,
        "reopen_form": ReopenForm(),
        "nominate_form": NominateForm(),
        "manages": selectors.manages(request.user, round_),
    }
    return render(request, "supervision/staff/round_detail.html", context)


@login_required
@require_POST
def ranking_export(request, pk):
    round_ = selectors.round_get(request.user, pk)
    query = request.GET.copy()
    query["round"] = str(round_.pk)
    return export_list(request, exports_rounds.RANKING, back="supervision:round_list", query=query)


@login_required
@permission_required("supervision.view_performance", raise_exception=True)
def round_overview(request, pk):
    round_ = selectors.round_get(request.user, pk)
    summary = overview_rounds.summary(request.user, round_)
    # The cohort's care follow-ups falling due, for those who may read care records (else None).
    due = panels_care.due_block(request.user, cadres=round_.members.values("cadre_id"))
    return render(
        request,
        "supervision/staff/round_overview.html",
        {"round": round_, **summary, "total_rule": scoring_rounds.TOTAL_RULE, "due": due},
    )


@login_required
@permission_required("supervision.view_rounds", raise_exception=True)
def member_detail(request, pk):
    member = selectors.member_get(request.user, pk)
    first, last = evidence_rounds.month_range(member.round.month)
    figures = evidence_rounds.figures([member.cadre_id], first, last)[member.cadre_id]
    return render(
        request,
        "supervision/staff/member_detail.html",
        {
            "m": member,
            "round": member.round,
            "figures": figures,
            "items": evidence_rounds.items(member.cadre, first, last),
            "move": scoring_rounds.movement(member.rank, member.previous_rank),
            "total_rule": scoring_rounds.TOTAL_RULE,
        },
    )


@login_required
def photo_file(request, pk):
    photo = selectors.photo_get(request.user, pk)
    return FileResponse(photo.file.open("rb"), filename=photo.file.name.rsplit("/", 1)[-1])


@login_required
@permission_required("supervision.view_rounds", raise_exception=True)
def cadre_evidence(request, pk):
    """The items behind a portrait's counts: a cadre's hours, logs and results in a year."""
    cadre = cadre_selectors.cadre_get(request.user, pk)
    try:
        year = int(request.GET.get("year") or date.today().year)
    except ValueError:
        year = date.today().year
    if not 2000 <= year <= 2100:
        raise Http404
    first, last = evidence_rounds.year_range(year)
    return render(
        request,
        "supervision/staff/cadre_evidence.html",
        {
            "cadre": cadre,
            "year": year,
            "figures": evidence_rounds.figures([cadre.pk], first, last)[cadre.pk],
            "items": evidence_rounds.items(cadre, first, last),
        },
    )
