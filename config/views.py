from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qingmiao.accounts.roles import Role
from qingmiao.cadres import selectors
from qingmiao.cadres.models import generation_band


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for the load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request):
    user = request.user
    if user.role == Role.AUDIT_ADMIN:
        return redirect("accounts:audit")
    if user.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        return render(request, "home_admin.html")
    if user.role == Role.CADRE:
        own = selectors.cadre_queryset(user).first()
        if own is not None:
            return redirect("cadres:detail", pk=own.pk)
        return render(request, "home_tasks.html")
    if not user.has_perm("cadres.view_cadre") or user.role == Role.MENTOR:
        return render(request, "home_tasks.html")
    cadres = selectors.cadre_queryset(user)
    total = cadres.count()
    by_year = (
        cadres.order_by()
        .values("birth_date__year")
        .annotate(n=Count("id"))
        .order_by("birth_date__year")
    )
    bands: dict[str, int] = {}
    for row in by_year:
        band = generation_band(date(row["birth_date__year"], 1, 1))
        bands[band] = bands.get(band, 0) + row["n"]
    by_education = (
        cadres.order_by()
        .values("fulltime_education__form_name")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return render(
        request,
        "home.html",
        {
            "total": total,
            "bands": sorted(bands.items()),
            "education": [
                (row["fulltime_education__form_name"] or "—", row["n"]) for row in by_education
            ],
            "unit_count": selectors.orgunit_queryset(user).count(),
        },
    )


def search(request):
    """Top-bar search: one match opens the record, several open the filtered list."""
    from qingmiao.cadres.filters import search_q

    text = request.GET.get("q", "").strip()
    if not request.user.has_perm("cadres.view_cadre"):
        return render(request, "403.html", status=403)
    matches = list(
        selectors.cadre_queryset(request.user)
        .filter(search_q(text))
        .values_list("pk", flat=True)[:2]
    )
    if text and len(matches) == 1:
        return redirect("cadres:detail", pk=matches[0])
    return redirect(reverse("cadres:list") + "?" + request.GET.urlencode())


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
