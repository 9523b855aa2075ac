from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qingmiao.accounts.roles import Role
from qingmiao.cadres import selectors


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
    if user.role == Role.RATER:
        return redirect("selection:rater_tasks")
    if user.role == Role.CADRE:
        own = selectors.cadre_queryset(user).first()
        if own is not None:
            return redirect("cadres:detail", pk=own.pk)
        return render(request, "home_tasks.html")
    if not user.has_perm("cadres.view_cadre") or user.role == Role.MENTOR:
        return render(request, "home_tasks.html")
    counts = selectors.home_counts(user)
    return render(
        request,
        "home.html",
        {
            "total": counts["total"],
            "bands": [(label, n) for label, _value, n in counts["bands"]],
            "band_rows": counts["bands"],
            "education": counts["education"],
            "unit_count": counts["unit_count"],
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


@login_not_required
@never_cache
def admin_login(request, extra_context=None):
    """Stands in for the admin site's own login form, so that every sign-in goes through the
    application's login page (lock-out, audit, language). Signed-in staff go on to the admin
    index; other signed-in users are refused rather than offered a form to switch account."""
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied
    return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"))


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
