"""Self-service: applying (cadres), recommending (unit officers), the applicant's own
applications and withdrawing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.cadres import selectors as cadre_selectors
from qingmiao.cadres.filters import search_q
from qingmiao.core.errors import apply_errors, error_text

from .. import eligibility, selectors, services
from ..forms.self_service import (
    ApplyForm,
    RecommendForm,
)
from ..models import (
    Application,
    ProgramStatus,
)
from ..windows import registration_window
from ._self import CANDIDATES_SHOWN, _own_cadre, _recommend_block, _rule, _self_apply_block


@never_cache
@permission_required("selection.apply", raise_exception=True)
def apply(request, public_id):
    """自主报名: track and statement; the service checks the window, eligibility and duplicates."""
    user = request.user
    program = selectors.program_get_public(user, public_id)
    form = ApplyForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                actor=user,
                program=program,
                track=form.cleaned_data.get("track"),
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已报名“%(name)s”。资格审查结果将在这里显示。") % {"name": program.name},
            )
            return redirect("selection:my_applications")
    cadre = _own_cadre(user)
    results = eligibility.check(_rule(program), cadre) if cadre is not None else []
    application = selectors.own_application(user, program)
    block = _self_apply_block(program, cadre, results, application, registration_window(program))
    return render(
        request,
        "selection/self/apply.html",
        {"program": program, "form": form, "results": results, "blocked": block},
    )


@never_cache
@permission_required("selection.recommend", raise_exception=True)
def recommend(request, public_id):
    """单位推荐: find a cadre of one's own units, see their eligibility rule by rule, recommend."""
    user = request.user
    program = selectors.program_get_public(user, public_id)
    cadres = cadre_selectors.cadre_queryset(user).filter(is_active=True)
    query = request.GET.get("q", "").strip()
    found = list(cadres.filter(search_q(query))[: CANDIDATES_SHOWN + 1])
    applied = selectors.applied_cadre_ids(user, program, found)
    listing = {
        "program": program,
        "candidates": found[:CANDIDATES_SHOWN],
        "more": len(found) > CANDIDATES_SHOWN,
        "applied": applied,
        "query": query,
    }
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "selection/self/_candidates.html", listing)

    form = RecommendForm(request.POST or None, program=program, cadres=cadres)
    if request.method == "POST":
        chosen_pk = request.POST.get("cadre")
        if form.is_valid():
            candidate = form.cleaned_data["cadre"]
            try:
                services.application_recommend(
                    actor=user,
                    program=program,
                    cadre=candidate,
                    track=form.cleaned_data.get("track"),
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已推荐 %(cadre)s 报名“%(name)s”。")
                    % {"cadre": candidate.name, "name": program.name},
                )
                return redirect("selection:recommend", public_id=program.public_id)
    else:
        chosen_pk = request.GET.get("cadre")
        if chosen_pk:
            form = RecommendForm(initial={"cadre": chosen_pk}, program=program, cadres=cadres)
    candidate = None
    if chosen_pk:
        try:
            candidate = cadres.filter(pk=int(chosen_pk)).first()
        except ValueError:
            candidate = None
        if candidate is None and request.method == "GET":
            raise Http404
    window = registration_window(program)
    context = {**listing, "form": form, "candidate": candidate, "window": window}
    context["blocked"] = context["program_blocked"] = _recommend_block(program, window)
    if candidate is not None:
        results = eligibility.check(_rule(program), candidate)
        existing = selectors.application_of(user, program, candidate)
        context.update(
            results=results,
            eligible=eligibility.is_eligible(results),
            existing=existing,
        )
        if not context["blocked"]:
            if existing is not None:
                context["blocked"] = _("该干部已报名该项目。")
            elif not eligibility.is_eligible(results):
                context["blocked"] = _("该干部不符合资格条件：%(rules)s。") % {
                    "rules": "、".join(r.label for r in results if not r.ok)
                }
    return render(request, "selection/self/recommend.html", context)


@never_cache
@permission_required("selection.apply", raise_exception=True)
def my_applications(request):
    """我的报名: every application with its stages; nothing is hidden after elimination."""
    user = request.user
    applications = list(selectors.own_applications_with_stages(user))
    for a in applications:
        a.can_withdraw = (
            a.status != Application.Status.WITHDRAWN
            and a.program.status == ProgramStatus.REGISTRATION_OPEN
        )
    return render(request, "selection/self/my_applications.html", {"applications": applications})


@require_POST
def withdraw(request, pk):
    """Withdraw an application (the applicant, or the officer who recommended it)."""
    user = request.user
    application = selectors.application_get(user, pk)
    try:
        services.application_withdraw(actor=user, application=application)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("已撤回“%(name)s”的报名。") % {"name": application.program.name}
        )
    if application.cadre.user_id == user.pk:
        return redirect("selection:my_applications")
    return redirect("selection:program_public", public_id=application.program.public_id)
