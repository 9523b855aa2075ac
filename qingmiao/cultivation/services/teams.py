"""Teams (调研组): cadres form them by invitation and acceptance, or staff form them; staff give
them mentors, a topic and tasks. The rules (size limits, one team per cadre per program, only
the program's participants) are checked here before anything is written, so a refusal reads in
plain Chinese and changes nothing; the database's own constraint stays as the last guard."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.models import Cadre
from qingmiao.selection.models import Application, Program

from .. import notifications_teams
from ..models import CultivationSettings, Team, TeamInvitation, TeamMember, TeamTask

LIVE_OUTCOMES = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)
Invitation = TeamInvitation.Status


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def require_manager(actor, program: Program) -> None:
    """Staff who form teams, for a program organized inside their unit subtree."""
    require(actor, "cultivation.manage_teams")
    subtree = scoping.unit_subtree_filter(actor, "organizer")
    if subtree is None or not Program.objects.filter(subtree, pk=program.pk).exists():
        raise PermissionDenied("program outside scope")


def settings_of(program: Program) -> CultivationSettings:
    """The program's settings, or the defaults (3 to 3, self-formed) when none are saved."""
    found = CultivationSettings.objects.filter(program=program).first()
    return found or CultivationSettings(program=program)


def is_participant(program: Program, cadre: Cadre) -> bool:
    return Application.objects.filter(
        program=program, cadre=cadre, outcome__in=LIVE_OUTCOMES
    ).exists()


def _own_cadre(actor) -> Cadre:
    cadre = Cadre.objects.filter(user=actor).first()
    if cadre is None:
        raise ValidationError(_("您的账号没有关联干部档案，请联系组织部门。"))
    return cadre


def _team_of(program: Program, cadre: Cadre) -> Team | None:
    member = TeamMember.objects.filter(program=program, cadre=cadre).select_related("team").first()
    return member.team if member else None


def _already_in_team(program, cadre) -> str | None:
    team = _team_of(program, cadre)
    if team is None:
        return None
    return _("%(name)s已在“%(team)s”中，每人在一个项目中只能加入一个调研组。") % {
        "name": cadre.name,
        "team": team.name,
    }


def _full(team: Team, settings: CultivationSettings, adding: int = 1) -> str | None:
    if team.members.count() + adding > settings.team_max_size:
        return _("“%(team)s”已满员（每组最多 %(max)s 人）。") % {
            "team": team.name,
            "max": settings.team_max_size,
        }
    return None


def _check_name(program, name: str, exclude: Team | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写组名。")})
    taken = Team.objects.filter(program=program, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError({"name": _("本项目已有同名的调研组。")})
    return name


def _check_mentors(mentors) -> list[User]:
    mentors = list(mentors or [])
    if any(m.role != Role.MENTOR or not m.is_active for m in mentors):
        raise ValidationError({"mentors": _("指导导师须为启用的导师账号。")})
    return mentors


def _add_member(team: Team, cadre: Cadre) -> TeamMember:
    return TeamMember.objects.create(team=team, program_id=team.program_id, cadre=cadre)


def _lock(team: Team) -> Team:
    # One writer at a time per team, so two acceptances cannot both take the last place.
    return Team.objects.select_for_update().get(pk=team.pk)


@transaction.atomic
def settings_save(*, actor, program: Program, data: dict) -> CultivationSettings:
    require_manager(actor, program)
    settings = settings_of(program)
    before = audit.snapshot(settings) if settings.pk else {}
    sizes: dict[str, int] = {}
    errors = {}
    for key in ("team_min_size", "team_max_size"):
        value = data.get(key)
        if isinstance(value, int) and value >= 1:
            sizes[key] = value
        else:
            errors[key] = _("人数须为正整数。")
    if errors:
        raise ValidationError(errors)
    low, high = sizes["team_min_size"], sizes["team_max_size"]
    if high < low:
        raise ValidationError({"team_max_size": _("每组最多人数不能少于最少人数。")})
    settings.team_min_size, settings.team_max_size = low, high
    settings.teams_self_formed = bool(data.get("teams_self_formed"))
    settings.save()
    audit.record(
        "cultivation.team_settings.saved",
        actor=actor,
        obj=program,
        changes=audit.diff(before, audit.snapshot(settings)),
    )
    return settings


@transaction.atomic
def team_create(*, actor, program: Program, name: str, topic: str = "") -> Team:
    """A cadre founds a team in a program they take part in: they become its leader and first
    member, then invite the others."""
    require(actor, "cultivation.form_team")
    cadre = _own_cadre(actor)
    if not is_participant(program, cadre):
        raise ValidationError(_("您不是这个培养项目的学员，不能在其中组队。"))
    if not settings_of(program).teams_self_formed:
        raise ValidationError(_("本项目由组织统一分组，学员不能自行组队。"))
    refusal = _already_in_team(program, cadre)
    if refusal:
        raise ValidationError(refusal)
    team = Team.objects.create(
        program=program,
        name=_check_name(program, name),
        topic=(topic or "").strip(),
        leader=cadre,
        formation=Team.Formation.SELF,
    )
    _add_member(team, cadre)
    audit.record("cultivation.team.created", actor=actor, obj=team, extra={"program": program.pk})
    return team


@transaction.atomic
def team_form(
    *, actor, program: Program, name: str, members, topic: str = "", leader=None, mentors=()
) -> Team:
    """Staff form a team from the program's participants (within the size limits)."""
    require_manager(actor, program)
    settings = settings_of(program)
    members = list(dict.fromkeys(members))
    name = _check_name(program, name)
    errors = []
    for cadre in members:
        if not is_participant(program, cadre):
            errors.append(_("%(name)s不是本项目的学员。") % {"name": cadre.name})
        else:
            refusal = _already_in_team(program, cadre)
            if refusal:
                errors.append(refusal)
    if errors:
        raise ValidationError({"members": errors})
    if not members:
        raise ValidationError({"members": _("请至少选择一名组员。")})
    if len(members) > settings.team_max_size:
        raise ValidationError(
            {"members": _("每组最多 %(max)s 人。") % {"max": settings.team_max_size}}
        )
    if leader is not None and leader not in members:
        raise ValidationError({"leader": _("组长须是本组组员。")})
    team = Team.objects.create(
        program=program,
        name=name,
        topic=(topic or "").strip(),
        leader=leader or members[0],
        formation=Team.Formation.STAFF,
    )
    team.mentors.set(_check_mentors(mentors))
    for cadre in members:
        _add_member(team, cadre)
    audit.record(
        "cultivation.team.formed",
        actor=actor,
        obj=team,
        extra={"program": program.pk, "members": [c.pk for c in members]},
    )
    return team


@transaction.atomic
def team_update(*, actor, team: Team, data: dict) -> Team:
    """Staff change a team's name, topic, leader or mentors (only the keys given)."""
    require_manager(actor, team.program)
    team = _lock(team)
    before = audit.snapshot(team, ["name", "topic", "leader"])
    old_leader = team.leader
    old_mentors = sorted(team.mentors.values_list("pk", flat=True))
    if "name" in data:
        team.name = _check_name(team.program, data["name"], exclude=team)
    if "topic" in data:
        team.topic = (data["topic"] or "").strip()
    if "leader" in data and data["leader"] is not None:
        if not team.members.filter(cadre=data["leader"]).exists():
            raise ValidationError({"leader": _("组长须是本组组员。")})
        team.leader = data["leader"]
    team.save()
    changes = audit.diff(before, audit.snapshot(team, ["name", "topic", "leader"]))
    if "mentors" in data:
        mentors = _check_mentors(data["mentors"])
        team.mentors.set(mentors)
        new = sorted(m.pk for m in mentors)
        if new != old_mentors:
            changes["mentors"] = {"before": old_mentors, "after": new}
    if changes:
        audit.record("cultivation.team.updated", actor=actor, obj=team, changes=changes)
    if "leader" in changes:
        notifications_teams.leader_changed(team, old_leader)
    return team


@transaction.atomic
def team_member_add(*, actor, team: Team, cadre: Cadre) -> TeamMember:
    """Staff put a participant into a team (adjusting what the cadres formed)."""
    require_manager(actor, team.program)
    team = _lock(team)
    if not is_participant(team.program, cadre):
        raise ValidationError({"cadre": _("%(name)s不是本项目的学员。") % {"name": cadre.name}})
    refusal = _already_in_team(team.program, cadre) or _full(team, settings_of(team.program))
    if refusal:
        raise ValidationError({"cadre": refusal})
    member = _add_member(team, cadre)
    if team.leader_id is None:
        team.leader = cadre
        team.save(update_fields=["leader"])
    audit.record("cultivation.team.member_added", actor=actor, obj=team, extra={"cadre": cadre.pk})
    return member


@transaction.atomic
def team_member_remove(*, actor, team: Team, cadre: Cadre) -> None:
    require_manager(actor, team.program)
    team = _lock(team)
    deleted, _rows = TeamMember.objects.filter(team=team, cadre=cadre).delete()
    if not deleted:
        raise ValidationError({"cadre": _("%(name)s不在本组。") % {"name": cadre.name}})
    if team.leader_id == cadre.pk:
        first = team.members.order_by("joined_at", "pk").first()
        team.leader = first.cadre if first else None
        team.save(update_fields=["leader"])
    audit.record(
        "cultivation.team.member_removed", actor=actor, obj=team, extra={"cadre": cadre.pk}
    )


@transaction.atomic
def invitation_create(*, actor, team: Team, cadre: Cadre) -> TeamInvitation:
    """A member of a team invites a participant of the same program."""
    require(actor, "cultivation.form_team")
    inviter = _own_cadre(actor)
    team = _lock(team)
    if not team.members.filter(cadre=inviter).exists():
        raise PermissionDenied("not a member of the team")
    program = team.program
    if cadre.pk == inviter.pk:
        raise ValidationError({"cadre": _("不能邀请自己。")})
    if not is_participant(program, cadre):
        raise ValidationError(
            {"cadre": _("%(name)s不是本项目的学员，不能邀请。") % {"name": cadre.name}}
        )
    refusal = _already_in_team(program, cadre) or _full(team, settings_of(program))
    if refusal:
        raise ValidationError({"cadre": refusal})
    if TeamInvitation.objects.filter(team=team, cadre=cadre, status=Invitation.PENDING).exists():
        raise ValidationError(
            {"cadre": _("已经邀请过%(name)s，请等待对方回复。") % {"name": cadre.name}}
        )
    invitation = TeamInvitation.objects.create(team=team, cadre=cadre, invited_by=inviter)
    audit.record(
        "cultivation.team_invitation.sent", actor=actor, obj=invitation, extra={"team": team.pk}
    )
    notifications_teams.invited(invitation)
    return invitation


def _own_pending(actor, invitation: TeamInvitation) -> TeamInvitation:
    require(actor, "cultivation.form_team")
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.cadre.user_id != actor.pk:
        raise PermissionDenied("not the invitee")
    if invitation.status != Invitation.PENDING:
        raise ValidationError(
            _("这份邀请%(status)s，不能再回复。") % {"status": invitation.get_status_display()}
        )
    return invitation


@transaction.atomic
def invitation_accept(*, actor, invitation: TeamInvitation) -> TeamMember:
    """The invitee joins the team — if it still has room and they are in no other team of the
    program. Their other open invitations in the program are then declined for them."""
    invitation = _own_pending(actor, invitation)
    team = _lock(invitation.team)
    program = team.program
    cadre = invitation.cadre
    if not is_participant(program, cadre):
        raise ValidationError(_("您已不是这个培养项目的学员。"))
    refusal = _already_in_team(program, cadre) or _full(team, settings_of(program))
    if refusal:
        raise ValidationError(refusal)
    now = timezone.now()
    member = _add_member(team, cadre)
    invitation.status, invitation.answered_at = Invitation.ACCEPTED, now
    invitation.save(update_fields=["status", "answered_at"])
    TeamInvitation.objects.filter(
        cadre=cadre, team__program=program, status=Invitation.PENDING
    ).update(status=Invitation.DECLINED, answered_at=now)
    audit.record(
        "cultivation.team_invitation.accepted",
        actor=actor,
        obj=invitation,
        extra={"team": team.pk},
    )
    notifications_teams.answered(invitation)
    return member


@transaction.atomic
def invitation_decline(*, actor, invitation: TeamInvitation) -> TeamInvitation:
    invitation = _own_pending(actor, invitation)
    invitation.status, invitation.answered_at = Invitation.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    audit.record(
        "cultivation.team_invitation.declined",
        actor=actor,
        obj=invitation,
        extra={"team": invitation.team_id},
    )
    notifications_teams.answered(invitation)
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor, invitation: TeamInvitation) -> TeamInvitation:
    """The inviter (or staff who manage the program) takes back an invitation not yet
    answered; the invitee's notice of it is marked withdrawn."""
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.invited_by.user_id != actor.pk or not actor.has_perm("cultivation.form_team"):
        require_manager(actor, invitation.team.program)
    if invitation.status != Invitation.PENDING:
        raise ValidationError(
            _("这份邀请%(status)s，不能撤回。") % {"status": invitation.get_status_display()}
        )
    invitation.status, invitation.answered_at = Invitation.WITHDRAWN, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    audit.record(
        "cultivation.team_invitation.withdrawn",
        actor=actor,
        obj=invitation,
        extra={"team": invitation.team_id, "cadre": invitation.cadre_id},
    )
    notifications_teams.withdrawn(invitation)
    return invitation


@transaction.atomic
def team_leader_hand_over(*, actor, team: Team, cadre: Cadre) -> Team:
    """The leader hands the team over to another member (staff who manage the program may do
    it for them); the new leader and the former one are told."""
    team = _lock(team)
    own = (
        Cadre.objects.filter(user=actor).first()
        if actor.has_perm("cultivation.form_team")
        else None
    )
    if own is None or team.leader_id != own.pk:
        require_manager(actor, team.program)
    if not team.members.filter(cadre=cadre).exists():
        raise ValidationError({"cadre": _("%(name)s不在本组。") % {"name": cadre.name}})
    if team.leader_id == cadre.pk:
        raise ValidationError({"cadre": _("%(name)s已经是组长。") % {"name": cadre.name}})
    before = team.leader
    picture = audit.snapshot(team, ["leader"])
    team.leader = cadre
    team.save(update_fields=["leader"])
    audit.record(
        "cultivation.team.leader_changed",
        actor=actor,
        obj=team,
        changes=audit.diff(picture, audit.snapshot(team, ["leader"])),
    )
    notifications_teams.leader_changed(team, before)
    return team


@transaction.atomic
def task_create(*, actor, team: Team, title: str, due_date=None) -> TeamTask:
    require_manager(actor, team.program)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写任务内容。")})
    task = TeamTask.objects.create(team=team, title=title, due_date=due_date)
    audit.record("cultivation.team_task.created", actor=actor, obj=task, extra={"team": team.pk})
    return task


@transaction.atomic
def task_done(*, actor, task: TeamTask) -> TeamTask:
    """A member of the team (or staff who manage the program) marks a task done."""
    team = task.team
    member = Cadre.objects.filter(user=actor, team_memberships__team=team).exists()
    if not member:
        require_manager(actor, team.program)
    task = TeamTask.objects.select_for_update().get(pk=task.pk)
    if task.done_at is not None:
        raise ValidationError(_("这项任务已经完成。"))
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    audit.record("cultivation.team_task.done", actor=actor, obj=task, extra={"team": team.pk})
    return task
