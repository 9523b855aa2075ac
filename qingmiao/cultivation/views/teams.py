"""调研组, staff pages: the list (sizes, 未满员, export), a team (members, mentors, topic,
tasks, adjustments), forming a team, a program's team settings."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.cadres.models import Cadre
from qingmiao.core.errors import apply_errors, error_text
from qingmiao.core.export import export_list
from qingmiao.selection import selectors as selection_selectors
from qingmiao.selection.views._common import PAGE_SIZES, page_size_of

from ..exports.teams import TEAM_LIST, size_state, team_filterset
from ..forms.teams import MemberAddForm, SettingsForm, TaskForm, TeamEditForm, TeamFormForm
from ..selectors import teams as selectors
from ..services import teams as services


@never_cache
@permission_required("cultivation.view_teams", raise_exception=True)
def team_list(request):
    user = request.user
    filterset = team_filterset(user, request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    paginator = Paginator(queryset, page_size_of(request.GET))
    page = paginator.get_page(request.GET.get("page"))
    for team in page.object_list:
        team.size_state = size_state(team)
    query = request.GET.copy()
    query.pop("page", None)
    program = filterset.form.cleaned_data.get("program") if filterset.is_valid() else None
    return render(
        request,
        "cultivation/staff/team_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "page_sizes": PAGE_SIZES,
            "page_size": paginator.per_page,
            "sort": request.GET.get("sort", ""),
            "program": program,
            "settings": services.settings_of(program) if program else None,
            "rollup": selectors.teams_rollup(user, program=program) if program else None,
        },
    )


@never_cache
@require_POST
@permission_required("cultivation.view_teams", raise_exception=True)
def team_export(request):
    back = reverse("cultivation:team_list")
    return export_list(request, TEAM_LIST, back=f"{back}?{request.GET.urlencode()}")


def _candidates(program):
    return selectors.invitable(program)


@never_cache
@permission_required("cultivation.view_teams", raise_exception=True)
def team_detail(request, pk):
    user = request.user
    team = selectors.team_get(user, pk)
    can_manage = user.has_perm("cultivation.manage_teams") and (
        selection_selectors.managed_programs(user).filter(pk=team.program_id).exists()
    )
    members = Cadre.objects.filter(team_memberships__team=team).select_related("unit")
    context = {
        "team": team,
        "size_state": size_state(team),
        "tasks": selectors.team_tasks(team),
        "invitations": selectors.team_invitations(user, team),
        "can_manage": can_manage,
    }
    if can_manage:
        context.update(
            edit_form=TeamEditForm(
                members=members,
                initial={
                    "name": team.name,
                    "topic": team.topic,
                    "leader": team.leader_id,
                    "mentors": [m.pk for m in team.mentors.all()],
                },
            ),
            add_form=MemberAddForm(candidates=_candidates(team.program)),
            task_form=TaskForm(),
        )
    return render(request, "cultivation/staff/team_detail.html", context)


@require_POST
@permission_required("cultivation.manage_teams", raise_exception=True)
def team_change(request, pk):
    """The forms of a team's page: edit, add or remove a member, add a task. A refusal comes
    back as a message on the same page; nothing is changed."""
    user = request.user
    team = selectors.managed_team_get(user, pk)
    action = request.POST.get("action")
    members = Cadre.objects.filter(team_memberships__team=team)
    try:
        if action == "edit":
            form = TeamEditForm(request.POST, members=members)
            if not form.is_valid():
                raise ValidationError(_form_errors(form))
            services.team_update(actor=user, team=team, data=form.cleaned_data)
        elif action == "add":
            form = MemberAddForm(request.POST, candidates=_candidates(team.program))
            if not form.is_valid():
                raise ValidationError(_form_errors(form))
            services.team_member_add(actor=user, team=team, cadre=form.cleaned_data["cadre"])
        elif action == "remove":
            cadre = members.filter(pk=request.POST.get("cadre") or 0).first()
            if cadre is None:
                raise ValidationError(_("请选择要移出的组员。"))
            services.team_member_remove(actor=user, team=team, cadre=cadre)
        elif action == "withdraw":
            invitation = (
                selectors.team_invitations(user, team)
                .filter(pk=_int(request.POST.get("invitation")))
                .first()
            )
            if invitation is None:
                raise ValidationError(_("请选择要撤回的邀请。"))
            services.invitation_withdraw(actor=user, invitation=invitation)
        elif action == "task":
            form = TaskForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_form_errors(form))
            services.task_create(actor=user, team=team, **form.cleaned_data)
        else:
            raise ValidationError(_("无法识别的操作。"))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已保存。"))
    return redirect("cultivation:team_detail", pk=team.pk)


def _form_errors(form) -> list[str]:
    return [
        f"{form.fields[k].label if k in form.fields else ''}{e}"
        for k, es in form.errors.items()
        for e in es
    ]


@never_cache
@permission_required("cultivation.manage_teams", raise_exception=True)
def team_create(request, program_pk):
    user = request.user
    program = selection_selectors.managed_program_get(user, program_pk)
    form = TeamFormForm(request.POST or None, candidates=_candidates(program))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_form(actor=user, program=program, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已成立调研组“%(name)s”。") % {"name": team.name})
            return redirect("cultivation:team_detail", pk=team.pk)
    return render(
        request,
        "cultivation/staff/team_form.html",
        {"form": form, "program": program, "settings": services.settings_of(program)},
    )


@never_cache
@permission_required("cultivation.manage_teams", raise_exception=True)
def team_settings(request, program_pk):
    user = request.user
    program = selection_selectors.managed_program_get(user, program_pk)
    current = services.settings_of(program)
    form = SettingsForm(
        request.POST or None,
        initial={
            "team_min_size": current.team_min_size,
            "team_max_size": current.team_max_size,
            "teams_self_formed": current.teams_self_formed,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(actor=user, program=program, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存组队设置。"))
            return redirect(f"{reverse('cultivation:team_list')}?program={program.pk}")
    return render(
        request, "cultivation/staff/team_settings.html", {"form": form, "program": program}
    )


def _int(value) -> int:
    return int(value) if (value or "").isdigit() else 0
