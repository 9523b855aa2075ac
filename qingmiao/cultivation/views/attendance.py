"""Staff screens of attendance: the sessions' list, the roster, the room's sign-in screen,
make-ups to decide and a session's feedback in aggregate."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import error_text
from qingmiao.core.export import export_list
from qingmiao.paging import IdFirstPaginator
from qingmiao.selection.views._common import PAGE_SIZES, page_size_of

from .. import hours, signin
from ..exports.attendance import MAKEUP_LIST, SESSION_LIST, makeup_queryset, session_queryset
from ..filters.attendance import MakeUpFilter, SessionFilter
from ..forms.attendance import DecideForm, RosterFormSet
from ..models import Attendance, MakeUpRequest
from ..selectors import attendance as selectors
from ..services import attendance as services


def _list_context(request, filterset, queryset):
    paginator = IdFirstPaginator(queryset, page_size_of(request.GET))
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "sort": request.GET.get("sort", ""),
        "page_sizes": PAGE_SIZES,
    }


@never_cache
@permission_required("cultivation.view_attendance", raise_exception=True)
def session_list(request):
    user = request.user
    filterset = SessionFilter(request.GET, queryset=selectors.attendance_sessions(user), user=user)
    try:
        queryset = session_queryset(user, request.GET).select_related("course")
    except ValidationError:
        queryset = selectors.attendance_sessions(user).none()
    context = _list_context(request, filterset, queryset)
    _count_page(context["page"].object_list)
    context["tab"] = "sessions"
    return render(request, "cultivation/staff/attendance_sessions.html", context)


def _count_page(sessions) -> None:
    """The id-first page fetched its rows without the list's counts: one query adds them."""
    counts = {
        row["session_id"]: row
        for row in Attendance.objects.filter(session__in=[s.pk for s in sessions])
        .values("session_id")
        .annotate(recorded=Count("pk"), attended=Count("pk", filter=Q(status__in=hours.ATTENDED)))
        .order_by()
    }
    for s in sessions:
        s.recorded = counts.get(s.pk, {}).get("recorded", 0)
        s.attended = counts.get(s.pk, {}).get("attended", 0)


@never_cache
@require_POST
def session_export(request):
    back = reverse("cultivation:attendance_sessions")
    return export_list(request, SESSION_LIST, back=f"{back}?{request.GET.urlencode()}")


@never_cache
@permission_required("cultivation.take_attendance", raise_exception=True)
def roster(request, pk):
    user = request.user
    session = selectors.managed_session_get(user, pk)
    rows = selectors.roster(user, session)
    initial = [
        {
            "cadre": cadre.pk,
            "status": a.status if a else "",
            "minutes_late": a.minutes_late if a and a.minutes_late else None,
            "minutes_early": a.minutes_early if a and a.minutes_early else None,
        }
        for cadre, a, _made_up in rows
    ]
    formset = RosterFormSet(request.POST or None, initial=initial, prefix="rows")
    if request.method == "POST":
        if formset.is_valid():
            data = [
                {
                    "cadre": f.cleaned_data.get("cadre"),
                    "status": f.cleaned_data.get("status") or "",
                    "minutes_late": f.cleaned_data.get("minutes_late") or 0,
                    "minutes_early": f.cleaned_data.get("minutes_early") or 0,
                }
                for f in formset.forms
            ]
            try:
                result = services.roster_save(actor=user, session=session, rows=data)
            except ValidationError as exc:
                _apply_row_errors(formset, exc)
                messages.error(request, _("点名未保存，请按提示修改后再保存。"))
            else:
                messages.success(
                    request,
                    _("点名已保存：新记录 %(c)s 人，修改 %(u)s 人。")
                    % {"c": result["created"], "u": result["changed"]},
                )
                return redirect("cultivation:roster", pk=session.pk)
        else:
            messages.error(request, _("点名未保存，请按提示修改后再保存。"))
    lines = [
        {"cadre": cadre, "attendance": a, "made_up": made_up, "form": form}
        for (cadre, a, made_up), form in zip(rows, formset.forms, strict=True)
    ]
    return render(
        request,
        "cultivation/staff/roster.html",
        {
            "session": session,
            "formset": formset,
            "lines": lines,
            "minutes": hours.session_minutes(session),
            "attended": sum(1 for _c, a, _m in rows if a and a.status in hours.ATTENDED),
        },
    )


def _apply_row_errors(formset, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        formset._non_form_errors = formset.error_class(exc.messages)
        return
    for key, errors in exc.error_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "rows" and parts[1].isdigit():
            form = formset.forms[int(parts[1])]
            for e in errors:
                form.add_error(parts[2] if parts[2] in form.fields else None, e.messages)
        else:
            formset._non_form_errors = formset.error_class([m for e in errors for m in e.messages])


def _qr_svg(url: str) -> str:
    # segno writes the QR code as SVG markup on the server: no script, no outside service.
    return segno.make(url, error="m").svg_inline(scale=8, border=2)


@never_cache
@permission_required("cultivation.take_attendance", raise_exception=True)
def screen(request, pk):
    session = selectors.managed_session_get(request.user, pk)
    return render(
        request,
        "cultivation/staff/signin_screen.html",
        {"session": session, **_code(request, session)},
    )


@never_cache
@permission_required("cultivation.take_attendance", raise_exception=True)
def screen_code(request, pk):
    """The screen's changing part, fetched again every few seconds (htmx)."""
    session = selectors.managed_session_get(request.user, pk)
    return render(
        request,
        "cultivation/staff/_signin_code.html",
        {"session": session, **_code(request, session)},
    )


def _code(request, session) -> dict:
    is_open = signin.is_open(session)
    opens, closes = signin.window(session)
    context = {
        "is_open": is_open,
        "opens": opens,
        "closes": closes,
        "signed_in": Attendance.objects.filter(
            session=session, method__in=(Attendance.Method.QR, Attendance.Method.CODE)
        ).count(),
    }
    if is_open:
        code = signin.current_code(session)
        link = request.build_absolute_uri(
            reverse("cultivation:my_signin_link", args=[session.pk]) + f"?c={code}"
        )
        # segno's own markup (paths and numbers); the link inside it is ours, so it is safe.
        qr = mark_safe(_qr_svg(link))  # noqa: S308
        context.update(code=code, qr=qr, seconds=signin.seconds_left())
    return context


@never_cache
@permission_required("cultivation.view_attendance", raise_exception=True)
def makeup_list(request):
    user = request.user
    filterset = MakeUpFilter(request.GET, queryset=selectors.makeups(user), user=user)
    try:
        queryset = makeup_queryset(user, request.GET)
    except ValidationError:
        queryset = selectors.makeups(user).none()
    context = _list_context(request, filterset, queryset)
    context.update(
        tab="makeups",
        pending=selectors.makeups(user).filter(status=MakeUpRequest.Status.PENDING).count(),
        decide_form=DecideForm(),
    )
    return render(request, "cultivation/staff/makeup_list.html", context)


@never_cache
@require_POST
def makeup_export(request):
    back = reverse("cultivation:makeup_list")
    return export_list(request, MAKEUP_LIST, back=f"{back}?{request.GET.urlencode()}")


@require_POST
@permission_required("cultivation.approve_makeup", raise_exception=True)
def makeup_decide(request, pk):
    makeup = selectors.makeup_get(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    form = DecideForm(request.POST)
    note = form.data.get("note", "")
    try:
        services.makeup_decide(actor=request.user, request=makeup, approve=approve, note=note)
    except ValidationError as exc:
        messages.error(request, format_html("{}：{}", makeup.cadre.name, error_text(exc)))
    else:
        messages.success(
            request,
            _("已通过 %(name)s 的补学申请。") % {"name": makeup.cadre.name}
            if approve
            else _("已退回 %(name)s 的补学申请。") % {"name": makeup.cadre.name},
        )
    query = QueryDict(request.POST.get("query", ""))  # back to the list as it was filtered
    return redirect(f"{reverse('cultivation:makeup_list')}?{query.urlencode()}")


@never_cache
@login_required
def makeup_evidence(request, pk):
    """The evidence file, to those who may see the request (the cadre, staff in scope)."""
    makeup = selectors.makeup_get(request.user, pk)
    if not makeup.evidence:
        raise Http404
    return FileResponse(makeup.evidence.open("rb"), as_attachment=True)


@never_cache
@login_required
def feedback(request, pk):
    """A session's feedback in aggregate, to staff and to its lecturers; 404 to anyone else."""
    session = selectors.session_get(request.user, pk)
    summary = selectors.feedback_summary(request.user, session)
    if summary is None:
        raise Http404
    return render(
        request, "cultivation/staff/feedback.html", {"session": session, "summary": summary}
    )
