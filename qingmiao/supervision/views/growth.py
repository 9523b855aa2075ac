"""The growth record (成长纪实档案): one cadre's timeline with filters by kind and year, the
yearly summary, the fitness reviews, and the record exported as Word or PDF (a background job
whose progress the page shows)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core import jobs
from qingmiao.core.errors import error_text

from .. import jobs_records
from ..selectors import fitness as fitness_selectors
from ..selectors import growth as selectors
from ..timeline import KINDS


def _job_of(request):
    raw = request.GET.get("job", "")
    if not raw.isdigit():
        return None
    try:
        return jobs.job_get(request.user, int(raw))
    except Http404:
        return None


@never_cache
@permission_required("cadres.view_cadre", raise_exception=True)
def growth_record(request, pk):
    user = request.user
    cadre = selectors.record_cadre_get(user, pk)
    try:
        kinds, year = selectors.parse_filters(request.GET)
        bad_filter = False
    except ValueError:
        kinds, year, bad_filter = [], None, True
    data = selectors.record(user, cadre, kinds=kinds, year=year)
    reviews = list(fitness_selectors.cadre_reviews(user, cadre))
    return render(
        request,
        "supervision/staff/growth_record.html",
        {
            "cadre": cadre,
            "kinds": list(KINDS.items()),
            "chosen": kinds,
            "year": year,
            "bad_filter": bad_filter,
            "by_year": [
                (y, [(e, KINDS.get(e.kind, "")) for e in events])
                for y, events in selectors.by_year(data["events"])
            ],
            "shown": len(data["events"]),
            "total": data["total"],
            "years": data["years"],
            "summary": [
                {
                    "year": y.year,
                    "cells": [(key, y.counts.get(key, 0)) for key in KINDS],
                    "figures": y.figures,
                }
                for y in data["summary"]
            ],
            "reviews": reviews,
            "today": timezone.localdate(),
            "job": _job_of(request),
            "own": cadre.user_id == user.pk,
        },
    )


@never_cache
@login_required
def my_growth_record(request):
    cadre = selectors.own_cadre(request.user)
    if cadre is None:
        raise Http404
    return redirect("supervision:growth_record", pk=cadre.pk)


@require_POST
@login_required
def growth_export(request, pk, fmt):
    cadre = selectors.record_cadre_get(request.user, pk)  # out of scope: 404 before anything
    back = reverse("supervision:growth_record", args=[cadre.pk])
    try:
        job = jobs_records.growth_export_start(actor=request.user, cadre=cadre, fmt=fmt)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(back)
    messages.success(request, _("正在生成文件，完成后可在本页下载，也可在“我的任务”中找到。"))
    return redirect(f"{back}?job={job.pk}")
