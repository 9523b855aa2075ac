"""The organization department's program pages: the list, creating and editing a program,
its eligibility rule, its overview and its lifecycle.

Every change goes through `services`; every object comes through the scoped selectors, so an
object outside the user's scope is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors, error_text

from .. import selectors, services, wording
from ..forms.staff import (
    ProgramForm,
    RuleForm,
)
from ..models import (
    EligibilityRule,
    ProgramKind,
    ProgramStatus,
)
from ._common import PAGE_SIZES, _page_size, _rule_of, rule_summary

# The next step of a program's lifecycle, with its button and the question asked first.
NEXT_STEP = {
    ProgramStatus.DRAFT: ProgramStatus.REGISTRATION_OPEN,
    ProgramStatus.REGISTRATION_OPEN: ProgramStatus.RUNNING,
    ProgramStatus.RUNNING: ProgramStatus.FINISHED,
}


def _step_texts():
    return {
        ProgramStatus.REGISTRATION_OPEN: (
            _("发布并开始报名"),
            _("发布后资格条件即锁定、不能再修改，报名页面对外公开。确定发布？"),
        ),
        ProgramStatus.RUNNING: (
            _("截止报名，开始闯关"),
            _("报名将截止，通过资格审查的报名者随机编号进入第一关。确定？"),
        ),
        ProgramStatus.FINISHED: (
            _("结束项目"),
            _("结束后项目归档，不能再变更。确定结束？"),
        ),
    }


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def program_list(request):
    user = request.user
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    text = request.GET.get("q", "").strip()
    by_status = selectors.program_status_counts(user)
    programs = selectors.program_list(user, status=status, kind=kind, text=text)
    paginator = Paginator(programs, _page_size(request))
    page = paginator.get_page(request.GET.get("page"))
    managed = selectors.managed_among(user, page.object_list)
    for program in page.object_list:
        program.managed = program.pk in managed
    query = request.GET.copy()
    query.pop("page", None)
    tabs = [("", _("全部"), sum(by_status.values()))] + [
        (value, label, by_status.get(value, 0)) for value, label in ProgramStatus.choices
    ]
    return render(
        request,
        "selection/staff/program_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "status": status,
            "kind": kind,
            "q": text,
            "tabs": tabs,
            "kinds": ProgramKind.choices,
            "page_sizes": PAGE_SIZES,
            "page_size": paginator.per_page,
        },
    )


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def program_create(request):
    initial = {
        "organizer": request.user.org_unit_id,
        "kind": ProgramKind.TRAINING_CAMP,
    }
    form = ProgramForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                actor=request.user,
                data=form.model_data(),
                tracks=form.cleaned_data["tracks"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已创建培养项目“%(name)s”。下一步请设置资格条件和关卡。")
                % {"name": program.name},
            )
            return redirect("selection:program_detail", pk=program.pk)
    return render(request, "selection/staff/program_form.html", {"form": form, "program": None})


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def program_edit(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(
                actor=request.user,
                program=program,
                data=form.model_data(),
                tracks=form.cleaned_data["tracks"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("selection:program_detail", pk=program.pk)
    return render(request, "selection/staff/program_form.html", {"form": form, "program": program})


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def rule_edit(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    rule = _rule_of(program) or EligibilityRule(program=program)
    editable = program.status == ProgramStatus.DRAFT
    form = RuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST":
        if not editable:
            try:  # the service refuses, and says why
                services.rule_save(actor=request.user, program=program, data={}, m2m={})
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            return redirect("selection:rule_edit", pk=program.pk)
        if form.is_valid():
            try:
                services.rule_save(
                    actor=request.user,
                    program=program,
                    data=form.model_data(),
                    m2m=form.m2m_data(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("资格条件已保存。"))
                return redirect("selection:program_detail", pk=program.pk)
    return render(
        request,
        "selection/staff/rule_form.html",
        {
            "program": program,
            "form": form,
            "editable": editable,
            "summary": rule_summary(rule) if rule.pk else [],
            "manages": True,
            "oversees": selectors.oversees(request.user, program),
            "tab": "rule",
        },
    )


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def program_detail(request, pk):
    user = request.user
    program = selectors.program_get(user, pk)
    manages = selectors.manages(user, program)
    oversees = selectors.oversees(user, program)
    applications = selectors.program_applications(user, program)
    counts = selectors.program_counts(program, applications)
    per_track = selectors.track_counts(applications)
    tracks = list(program.tracks.order_by("sort", "id"))
    for track in tracks:
        track.application_count = per_track.get(track.pk, 0)
    stages = list(selectors.program_stages(program))
    for stage in stages:
        stage.rule_text = wording.rule_text(stage.advancement_rule, stage.rule_value)
    next_status = NEXT_STEP.get(program.status)
    step = _step_texts().get(next_status) if next_status else None
    return render(
        request,
        "selection/staff/program_detail.html",
        {
            "program": program,
            "manages": manages,
            "oversees": oversees,
            "counts": counts,
            "tracks": tracks,
            "stages": stages,
            "rule": rule_summary(_rule_of(program)),
            "next_status": next_status,
            "next_label": step[0] if step else "",
            "next_confirm": step[1] if step else "",
            "public_url": request.build_absolute_uri(
                reverse("selection:program_public", args=[program.public_id])
            ),
            "tab": "detail",
        },
    )


@require_POST
@permission_required("selection.manage_program", raise_exception=True)
def program_transition(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    to = request.POST.get("to", "")
    if to not in ProgramStatus.values:
        messages.error(request, _("无效的项目状态。"))
        return redirect("selection:program_detail", pk=program.pk)
    try:
        program = services.program_transition(actor=request.user, program=program, to=to)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("项目状态已变为“%(status)s”。") % {"status": program.get_status_display()},
        )
    return redirect("selection:program_detail", pk=program.pk)
