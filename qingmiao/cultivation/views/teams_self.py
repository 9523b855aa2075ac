"""我的调研组 on a phone: found a team, invite fellow participants, answer an invitation,
mark a team task done."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.core.errors import apply_errors
from qingmiao.selection.models import Program

from ..forms.teams import InviteForm, TeamCreateForm
from ..selectors import teams as selectors
from ..services import teams as services


def _page(request, *, create_form=None, create_program=None, invite=None, status=200):
    """The page, with a refused form (founding or inviting) keeping what was typed."""
    user = request.user
    teams = list(selectors.my_teams(user))
    for team in teams:
        team.invite_form = None
        if not team.full:
            if invite is not None and invite[0] == team.pk:
                team.invite_form = invite[1]
            else:
                team.invite_form = InviteForm(
                    candidates=selectors.invitable(team.program), prefix=f"t{team.pk}"
                )
        team.sent = [i for i in selectors.team_invitations(user, team) if i.status == "pending"]
    programs = []
    for program in selectors.formable_programs(user):
        settings = services.settings_of(program)
        if not settings.teams_self_formed:
            continue
        if create_program is not None and create_program.pk == program.pk:
            program.form = create_form
        else:
            program.form = TeamCreateForm(prefix=f"p{program.pk}")
        program.settings = settings
        programs.append(program)
    return render(
        request,
        "cultivation/self/my_team.html",
        {"teams": teams, "invitations": selectors.my_invitations(user), "programs": programs},
        status=status,
    )


def _act(request, call, done: str):
    """Run one action of the page: its refusal, or what was done, as the message above the
    page it returns to."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("cultivation:my_team")


@never_cache
@permission_required("cultivation.form_team", raise_exception=True)
def my_team(request):
    return _page(request)


@require_POST
@permission_required("cultivation.form_team", raise_exception=True)
def my_team_create(request, program_pk):
    user = request.user
    program = scoping.get_visible_or_404(user, Program, pk=program_pk)
    form = TeamCreateForm(request.POST, prefix=f"p{program.pk}")
    if form.is_valid():
        try:
            team = services.team_create(actor=user, program=program, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已成立“%(name)s”，您是组长。现在可以邀请其他学员加入。") % {"name": team.name},
            )
            return redirect("cultivation:my_team")
    return _page(request, create_form=form, create_program=program)


@require_POST
@permission_required("cultivation.form_team", raise_exception=True)
def my_team_invite(request, pk):
    user = request.user
    team = selectors.own_team_get(user, pk)
    form = InviteForm(
        request.POST, candidates=selectors.invitable(team.program), prefix=f"t{team.pk}"
    )
    if form.is_valid():
        try:
            services.invitation_create(actor=user, team=team, cadre=form.cleaned_data["cadre"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("已向%(name)s发出邀请。") % {"name": form.cleaned_data["cadre"].name}
            )
            return redirect("cultivation:my_team")
    return _page(request, invite=(team.pk, form))


@require_POST
@permission_required("cultivation.form_team", raise_exception=True)
def my_invitation_answer(request, pk):
    user = request.user
    invitation = selectors.invitation_get(user, pk)
    team = invitation.team.name
    if request.POST.get("answer") == "accept":
        return _act(
            request,
            lambda: services.invitation_accept(actor=user, invitation=invitation),
            _("已加入“%(team)s”。") % {"team": team},
        )
    return _act(
        request,
        lambda: services.invitation_decline(actor=user, invitation=invitation),
        _("已谢绝“%(team)s”的邀请。") % {"team": team},
    )


@require_POST
@permission_required("cultivation.form_team", raise_exception=True)
def my_task_done(request, pk):
    user = request.user
    task = selectors.task_get(user, pk)
    return _act(
        request,
        lambda: services.task_done(actor=user, task=task),
        _("已标记完成：%(task)s") % {"task": task.title},
    )


@require_POST
@permission_required("cultivation.form_team", raise_exception=True)
def my_invitation_withdraw(request, pk):
    user = request.user
    invitation = selectors.invitation_get(user, pk)
    return _act(
        request,
        lambda: services.invitation_withdraw(actor=user, invitation=invitation),
        _("已撤回对%(name)s的邀请。") % {"name": invitation.cadre.name},
    )


@require_POST
@permission_required("cultivation.form_team", raise_exception=True)
def my_team_leader(request, pk):
    """The leader hands the team over to another member."""
    user = request.user
    team = selectors.own_team_get(user, pk)
    value = request.POST.get("cadre") or ""
    member = (
        team.members.select_related("cadre").filter(cadre_id=int(value)).first()
        if value.isdigit()
        else None
    )
    if member is None:
        messages.error(request, _("请选择接任组长的组员。"))
        return redirect("cultivation:my_team")
    return _act(
        request,
        lambda: services.team_leader_hand_over(actor=user, team=team, cadre=member.cadre),
        _("已将组长移交给%(name)s。") % {"name": member.cadre.name},
    )
