"""Staff pages that set mentoring up: the programs' mentor roles and reminder weeks, the
matching runs of a program, and the mentor pool."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.cadres.models import OrgUnit
from qingmiao.core.errors import apply_errors, error_text
from qingmiao.core.export import export_list
from qingmiao.core.jobs.registry import handler_path
from qingmiao.core.models import Job
from qingmiao.paging import IdFirstPaginator

from ..exports.mentoring import MENTOR_LIST, mentor_list_queryset
from ..filters.mentoring import MentorFilter
from ..forms.mentoring import MentorForm, RoleForm, SettingsForm
from ..models import MatchingRun, MentorRole
from ..selectors import mentoring as selectors
from ..services import matching_runs
from ..services import mentoring as services
from ._mentoring import list_context, page_of

MANAGE = "cultivation.manage_mentoring"


@never_cache
@permission_required(MANAGE, raise_exception=True)
def mentoring_index(request):
    programs = list(selectors.mentoring_programs(request.user))
    return render(request, "cultivation/staff/mentoring_index.html", {"programs": programs})


def _role_names(user) -> list[str]:
    return sorted(set(selectors.role_queryset(user).values_list("name", flat=True)))


@never_cache
@permission_required(MANAGE, raise_exception=True)
def program_mentoring(request, pk):
    """A program's roles (add, edit), reminder weeks, and matching runs (start one)."""
    user = request.user
    program = selectors.managed_program_get(user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    editing = None
    if request.GET.get("role"):
        editing = selectors.role_get(user, request.GET["role"])
        if editing.program_id != program.pk:
            editing = None
    role_initial = (
        {
            "name": editing.name,
            "sort": editing.sort,
            "exclude_own_superior": editing.exclude_own_superior,
        }
        if editing
        else {"exclude_own_superior": True}
    )
    role_form = RoleForm(request.POST if action == "role" else None, initial=role_initial)
    settings_form = SettingsForm(
        request.POST if action == "settings" else None,
        initial={"quiet_pair_weeks": selectors.quiet_weeks(program)},
    )
    if action == "role" and role_form.is_valid():
        role = None
        if request.POST.get("role_id"):
            role = selectors.role_get(user, request.POST["role_id"])
        try:
            services.mentor_role_save(
                actor=user, program=program, data=role_form.cleaned_data, role=role
            )
        except ValidationError as exc:
            apply_errors(role_form, exc)
        else:
            messages.success(request, _("已保存导师类别。"))
            return redirect("cultivation:program_mentoring", pk=program.pk)
    elif action == "settings" and settings_form.is_valid():
        try:
            services.mentoring_settings_save(
                actor=user,
                program=program,
                quiet_pair_weeks=settings_form.cleaned_data["quiet_pair_weeks"],
            )
        except ValidationError as exc:
            apply_errors(settings_form, exc)
        else:
            messages.success(request, _("已保存帮带提醒周数。"))
            return redirect("cultivation:program_mentoring", pk=program.pk)
    runs = list(MatchingRun.objects.filter(program=program).select_related("created_by")[:10])
    job = (
        Job.objects.filter(
            actor=user, kind=handler_path(matching_runs.run_matching), params__program=program.pk
        )
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "cultivation/staff/program_mentoring.html",
        {
            "program": program,
            "roles": selectors.program_roles(program),
            "role_form": role_form,
            "editing": editing,
            "settings_form": settings_form,
            "runs": runs,
            "job": job if job and not job.is_finished else None,
            "size": matching_runs.matching_size(program),
        },
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def matching_start(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    if not MentorRole.objects.filter(program=program).exists():
        messages.error(request, _("请先设置本项目的导师类别。"))
        return redirect("cultivation:program_mentoring", pk=program.pk)
    result = matching_runs.matching_start(actor=request.user, program=program)
    if isinstance(result, MatchingRun):
        messages.success(request, _("已生成匹配方案，请审核后确认。"))
        return redirect("cultivation:run_detail", pk=result.pk)
    messages.info(request, _("学员较多，匹配在后台进行，完成后请刷新本页。"))
    return redirect("cultivation:program_mentoring", pk=program.pk)


# --- mentors --------------------------------------------------------------------------------


@never_cache
@permission_required("cultivation.view_mentoring", raise_exception=True)
def mentor_list(request):
    user = request.user
    filterset = MentorFilter(request.GET, queryset=selectors.mentor_queryset(user), user=user)
    try:
        queryset = mentor_list_queryset(user, request.GET)
    except ValidationError:
        queryset = selectors.mentor_queryset(user).none()
    page = page_of(IdFirstPaginator, queryset, request.GET)
    return render(
        request,
        "cultivation/staff/mentor_list.html",
        {"filter": filterset, "page": page, **list_context(request, "name")},
    )


@require_POST
@permission_required("cultivation.export_records", raise_exception=True)
def mentor_export(request):
    return export_list(request, MENTOR_LIST, back="cultivation:mentor_list")


def _units(user):
    return scoping.visible(user, OrgUnit).order_by("path")


@never_cache
@permission_required(MANAGE, raise_exception=True)
def mentor_form(request, pk=None):
    user = request.user
    profile = selectors.mentor_get(user, pk) if pk else None
    initial = {}
    if profile:
        initial = {
            "kind": profile.kind,
            "unit": profile.unit_id,
            "organization": profile.organization,
            "title": profile.title,
            "capacity": profile.capacity,
            "specialties": profile.specialties,
            "role_names": profile.role_names,
            "is_active": profile.is_active,
        }
    form = MentorForm(
        request.POST or None,
        initial=initial or None,
        editing=profile is not None,
        role_names=sorted(set(_role_names(user)) | set(profile.role_names if profile else [])),
        units=_units(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_profile_save(actor=user, data=form.cleaned_data, profile=profile)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存导师信息。"))
            return redirect("cultivation:mentor_list")
    return render(request, "cultivation/staff/mentor_form.html", {"form": form, "profile": profile})


def refusal(request, exc: ValidationError) -> None:
    messages.error(request, error_text(exc))
