"""Mentor pairs and mentoring logs: the staff lists (with quiet flags and export) and the
pages of one pair and one log, which both sides of the pair open too."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.export import export_list
from qingmiao.paging import IdFirstPaginator

from .. import quiet
from ..exports.mentoring import (
    LOG_LIST,
    PAIR_LIST,
    log_list_queryset,
    pair_filterset,
    pair_list_queryset,
)
from ..filters.mentoring import LogFilter
from ..selectors import mentoring as selectors
from ..services.mentoring_logs import side_of
from ._mentoring import list_context, page_of, reads_mentoring

VIEW = "cultivation.view_mentoring"


@never_cache
@permission_required(VIEW, raise_exception=True)
def pair_list(request):
    user = request.user
    filterset = pair_filterset(user, request.GET)
    try:
        queryset = pair_list_queryset(user, request.GET)
    except ValidationError:
        queryset = selectors.pair_queryset(user).none()
    page = page_of(IdFirstPaginator, queryset, request.GET)
    return render(
        request,
        "cultivation/staff/pair_list.html",
        {"filter": filterset, "page": page, **list_context(request, "mentee")},
    )


@require_POST
@permission_required("cultivation.export_records", raise_exception=True)
def pair_export(request):
    return export_list(request, PAIR_LIST, back="cultivation:pair_list")


@never_cache
@permission_required(VIEW, raise_exception=True)
def log_list(request):
    user = request.user
    filterset = LogFilter(request.GET, queryset=selectors.log_queryset(user), user=user)
    try:
        queryset = log_list_queryset(user, request.GET)
    except ValidationError:
        queryset = selectors.log_queryset(user).none()
    page = page_of(IdFirstPaginator, queryset, request.GET)
    return render(
        request,
        "cultivation/staff/log_list.html",
        {"filter": filterset, "page": page, **list_context(request, "-date")},
    )


@require_POST
@permission_required("cultivation.export_records", raise_exception=True)
def log_export(request):
    return export_list(request, LOG_LIST, back="cultivation:log_list")


@never_cache
@reads_mentoring
def pair_detail(request, pk):
    user = request.user
    pair = selectors.pair_get(user, pk)
    side = side_of(user, pair)
    today = timezone.localdate()
    return render(
        request,
        "cultivation/self/pair_detail.html",
        {
            "pair": pair,
            "side": side,
            "logs": selectors.pair_logs(pair),
            "today": today,
            "weeks": quiet.weeks_for(pair.program_id),
            "can_write": side is not None
            and pair.status == "active"
            and user.has_perm("cultivation.write_mentoring_log"),
        },
    )


@never_cache
@reads_mentoring
def log_detail(request, pk):
    user = request.user
    log = selectors.log_get(user, pk)
    side = side_of(user, log.pair)
    return render(
        request,
        "cultivation/self/log_detail.html",
        {
            "log": log,
            "side": side,
            "today": timezone.localdate(),
            "can_confirm": side is not None
            and log.confirmed_at is None
            and log.written_by_id != user.pk,
        },
    )
