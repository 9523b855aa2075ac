"""The application list and screening (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.cadres.models import UnitType
from qingmiao.core.errors import error_text
from qingmiao.core.export import export_list
from qingmiao.paging import IdFirstPaginator

from .. import selectors, services
from ..exports import APPLICATION_LIST, application_filterset, eligibility_view
from ..forms.staff import (
    ScreenForm,
)
from ..models import (
    Application,
    ProgramStatus,
    StageEntry,
)
from ._common import PAGE_SIZES, page_size_of


def _filter_chips(filterset, program) -> list[tuple[str, str]]:
    """The filters that have no control on the page (they come from the funnel's links), as
    (label, query without it) so each can be removed."""
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    chips = []
    base = filterset.data.copy()
    base.pop("page", None)
    labels = {
        "generation": lambda v: _("%(band)s后") % {"band": v},
        "education": lambda v: v,
        "gender": lambda v: v,
        "unit_type": lambda v: str(UnitType(v).label) if v in UnitType.values else v,
        "result": lambda v: str(StageEntry.Result(v).label),
    }
    for key, label in labels.items():
        value = data.get(key)
        if value:
            rest = base.copy()
            rest.pop(key, None)
            chips.append((label(value), rest.urlencode()))
    return chips


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def application_list(request, pk):
    program = selectors.program_get(request.user, pk)
    return _list_page(request, program, request.GET)


def _list_page(request, program, params, *, screen_form=None, ticked=frozenset()):
    """The list as `params` (the page's query) filter it. After a refused bulk screening the
    same page comes back with the user's ticks, decision and reason as they left them."""
    user = request.user
    applications = selectors.program_applications(user, program)
    filterset = application_filterset(user, program, params)
    queryset = filterset.qs if filterset.is_valid() else applications.none()
    paginator = IdFirstPaginator(queryset, page_size_of(params))
    page = paginator.get_page(params.get("page"))
    for application in page.object_list:
        application.eligible_ok, application.eligible_failed = eligibility_view(
            application.eligibility
        )
    query = params.copy()
    query.pop("page", None)
    manages = selectors.manages(user, program)
    can_screen = (
        manages
        and user.has_perm("selection.screen_application")
        and program.status == ProgramStatus.REGISTRATION_OPEN
    )
    return render(
        request,
        "selection/staff/application_list.html",
        {
            "program": program,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "page_sizes": PAGE_SIZES,
            "page_size": paginator.per_page,
            "sort": params.get("sort", ""),
            "counts": selectors.program_counts(program, applications),
            "chips": _filter_chips(filterset, program),
            "manages": manages,
            "oversees": selectors.oversees(user, program),
            "can_screen": can_screen,
            "has_tracks": program.tracks.exists(),
            "screen_form": screen_form or ScreenForm(),
            "ticked": ticked,
            "tab": "applications",
        },
    )


@never_cache
@require_POST
def application_export(request, pk):
    """导出 Excel on the application list (and on the funnel's drill-down lists, which are this
    list with filters): the rows the list shows, with its filters and sort."""
    query = request.GET.copy()
    query["program"] = str(pk)
    back = reverse("selection:application_list", args=[pk])
    return export_list(
        request, APPLICATION_LIST, back=f"{back}?{request.GET.urlencode()}", query=query
    )


@require_POST
@permission_required("selection.screen_application", raise_exception=True)
def application_screen(request, pk):
    user = request.user
    program = selectors.managed_program_get(user, pk)
    query = QueryDict(request.POST.get("query", "")).urlencode()
    back = reverse("selection:application_list", args=[program.pk]) + (f"?{query}" if query else "")
    if request.POST.get("action") == "auto":
        try:
            result = services.applications_screen_by_rules(actor=user, program=program)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            if result["eligible"] + result["ineligible"]:
                messages.success(
                    request,
                    _("已按资格条件审查 %(n)s 份报名：通过 %(a)s 份，未通过 %(b)s 份。")
                    % {
                        "n": result["eligible"] + result["ineligible"],
                        "a": result["eligible"],
                        "b": result["ineligible"],
                    },
                )
            else:
                messages.info(request, _("没有待审查的报名。"))
        return redirect(back)
    ids = []
    for raw in request.POST.getlist("ids"):
        try:
            ids.append(int(raw))
        except ValueError:
            continue
    form = ScreenForm(request.POST)
    params = QueryDict(request.POST.get("query", ""))

    def refused(text: str):
        # Back to the same list, with the ticks and the choice kept, to correct and resend.
        messages.error(request, text)
        return _list_page(request, program, params, screen_form=form, ticked=frozenset(ids))

    if not ids:
        messages.error(request, _("请先勾选要审查的报名。"))
        return redirect(back)
    if not form.is_valid():
        return refused(" ".join(e for errs in form.errors.values() for e in errs))
    eligible = form.cleaned_data["decision"] == "eligible"
    try:
        n = services.applications_screen(
            actor=user,
            program=program,
            applications=ids,
            eligible=eligible,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return refused(error_text(exc))
    else:
        status = Application.Status.ELIGIBLE if eligible else Application.Status.INELIGIBLE
        messages.success(
            request,
            _("已将 %(n)s 份报名标记为“%(status)s”。") % {"n": n, "status": status.label},
        )
    return redirect(back)


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def application_detail(request, pk):
    """One application as the list's reader may see it: the statement (or the unit's
    recommendation), the eligibility check rule by rule, screening and each stage's result."""
    user = request.user
    application = selectors.application_get(user, pk)
    program = application.program
    ok, _failed = eligibility_view(application.eligibility)
    return render(
        request,
        "selection/staff/application_detail.html",
        {
            "program": program,
            "application": application,
            "cadre": application.cadre,
            "eligible_ok": ok,
            "rules": application.eligibility or [],
            "history": selectors.application_history(user, application),
            "manages": selectors.manages(user, program),
            "oversees": selectors.oversees(user, program),
            "tab": "applications",
        },
    )
