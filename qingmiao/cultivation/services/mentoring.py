"""双导师: a program's mentor roles, the mentors, and changing or confirming pairs.

The matching itself is in `matching_runs.py`; logs and follow-ups in `mentoring_logs.py`.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.accounts.roles import Role
from qingmiao.selection.models import Program

from .. import matching, notifications_mentoring
from ..models import CultivationSettings, MatchingRun, MentorPair, MentorProfile, MentorRole

LIVE = (MentorPair.Status.PROPOSED, MentorPair.Status.ACTIVE)
MENTOR_ROLES = (Role.MENTOR, Role.LEADER)


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def require_manager(actor, program: Program) -> None:
    """Manages mentoring, and the program's organizer lies in the actor's unit subtree."""
    require(actor, "cultivation.manage_mentoring")
    subtree = scoping.unit_subtree_filter(actor, "organizer")
    if subtree is None or not Program.objects.filter(subtree, pk=program.pk).exists():
        raise PermissionDenied("program outside scope")


def mentor_loads(user_ids=None, *, exclude_program_proposals: int | None = None) -> dict:
    """Live pairs per mentor (any program, any role). The proposals of the program being
    matched again are left out: a new run replaces them."""
    pairs = MentorPair.objects.filter(status__in=LIVE)
    if user_ids is not None:
        pairs = pairs.filter(mentor_id__in=list(user_ids))
    if exclude_program_proposals is not None:
        pairs = pairs.exclude(
            program_id=exclude_program_proposals, status=MentorPair.Status.PROPOSED
        )
    return dict(pairs.values("mentor_id").annotate(n=Count("pk")).values_list("mentor_id", "n"))


# --- roles and settings ---------------------------------------------------------------------


@transaction.atomic
def mentor_role_save(*, actor, program: Program, data: dict, role: MentorRole | None = None):
    require_manager(actor, program)
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写导师类别名称。")})
    clash = MentorRole.objects.filter(program=program, name=name)
    if role is not None:
        clash = clash.exclude(pk=role.pk)
    if clash.exists():
        raise ValidationError({"name": _("本项目已有名为“%(name)s”的导师类别。") % {"name": name}})
    created = role is None
    before = {} if role is None else audit.snapshot(role)
    if role is None:
        role = MentorRole(program=program)
    role.name = name
    role.sort = data.get("sort") or 0
    role.exclude_own_superior = bool(data.get("exclude_own_superior"))
    role.save()
    audit.record(
        "cultivation.mentor_role.created" if created else "cultivation.mentor_role.updated",
        actor=actor,
        obj=role,
        changes=audit.diff(before, audit.snapshot(role)),
    )
    return role


@transaction.atomic
def mentoring_settings_save(*, actor, program: Program, quiet_pair_weeks) -> CultivationSettings:
    require_manager(actor, program)
    try:
        weeks = int(quiet_pair_weeks)
    except (TypeError, ValueError):
        weeks = 0
    if not 1 <= weeks <= 52:
        raise ValidationError({"quiet_pair_weeks": _("提醒周数须在 1 到 52 之间。")})
    settings_row, _created = CultivationSettings.objects.get_or_create(program=program)
    before = audit.snapshot(settings_row)
    settings_row.quiet_pair_weeks = weeks
    settings_row.save(update_fields=["quiet_pair_weeks"])
    audit.record(
        "cultivation.settings.updated",
        actor=actor,
        obj=settings_row,
        changes=audit.diff(before, audit.snapshot(settings_row)),
    )
    return settings_row


# --- mentors --------------------------------------------------------------------------------


@transaction.atomic
def mentor_profile_save(*, actor, data: dict, profile: MentorProfile | None = None):
    """A mentor's profile: the user (a mentor account or a leader), kind, unit, capacity,
    specialties (keywords separated by spaces or commas) and the roles they can fill."""
    require(actor, "cultivation.manage_mentoring")
    errors = {}
    user = data.get("user") if profile is None else profile.user
    if user is None:
        errors["user"] = _("请选择导师账号。")
    elif user.role not in MENTOR_ROLES:
        errors["user"] = _("只有导师或领导账号可以登记为导师。")
    elif profile is None and MentorProfile.objects.filter(user=user).exists():
        errors["user"] = _("该账号已登记为导师。")
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or not 1 <= capacity <= 50:
        errors["capacity"] = _("可带学员数须在 1 到 50 之间。")
    elif profile is not None:
        load = mentor_loads([profile.user_id]).get(profile.user_id, 0)
        if capacity < load:
            errors["capacity"] = _("该导师已有 %(n)s 名学员，可带学员数不能少于此数。") % {
                "n": load
            }
    if data.get("kind") not in MentorProfile.Kind.values:
        errors["kind"] = _("请选择导师来源。")
    if errors:
        raise ValidationError(errors)
    assert isinstance(capacity, int)
    created = profile is None
    before = {} if profile is None else audit.snapshot(profile)
    if profile is None:
        profile = MentorProfile(user=user)
    words = (data.get("specialties") or "").replace("，", " ").replace(",", " ").replace("、", " ")
    profile.kind = data["kind"]
    profile.unit = data.get("unit")
    profile.organization = (data.get("organization") or "").strip()
    profile.title = (data.get("title") or "").strip()
    profile.capacity = capacity
    profile.specialties = " ".join(w for w in words.split() if w)[:200]
    profile.role_names = sorted({str(n).strip() for n in data.get("role_names") or [] if n})
    profile.is_active = bool(data.get("is_active", True))
    profile.save()
    audit.record(
        "cultivation.mentor.created" if created else "cultivation.mentor.updated",
        actor=actor,
        obj=profile,
        changes=audit.diff(before, audit.snapshot(profile)),
    )
    return profile


# --- changing and confirming pairs ----------------------------------------------------------


def _refusal(pair: MentorPair, profile: MentorProfile | None, user) -> str | None:
    """Why `user` cannot be this pair's mentor, or None."""
    name = user.full_name or user.username
    if profile is None or not profile.is_active:
        return _("%(name)s 不是在任导师。") % {"name": name}
    if pair.role.name not in profile.role_names:
        return _("%(name)s 不能担任“%(role)s”。") % {"name": name, "role": pair.role.name}
    if (
        pair.role.exclude_own_superior
        and profile.unit_id
        and pair.mentee.unit_id
        and profile.unit is not None
        and pair.mentee.unit is not None
        and matching.is_superior(profile.unit.path, pair.mentee.unit.path)
    ):
        return _("%(name)s 是该学员本单位的直接上级，按本类别规定应回避。") % {"name": name}
    other = (
        MentorPair.objects.filter(mentee=pair.mentee, program=pair.program, status__in=LIVE)
        .exclude(role=pair.role)
        .filter(mentor=user)
    )
    if other.exists():
        return _("%(name)s 已是该学员的另一位导师。") % {"name": name}
    return None


def full_message(user, load: int, capacity: int) -> str:
    return _("导师 %(name)s 已满员（%(load)s/%(capacity)s）。") % {
        "name": user.full_name or user.username,
        "load": load,
        "capacity": capacity,
    }


@transaction.atomic
def pair_reassign(*, actor, pair: MentorPair, mentor) -> MentorPair:
    """Give a proposed or active pair another mentor. A proposal changes in place; an active
    pair ends (its logs stay with it) and a new active pair starts with the new mentor."""
    require_manager(actor, pair.program)
    pair = (
        MentorPair.objects.select_for_update()
        .select_related("role", "mentee__unit")
        .get(pk=pair.pk)
    )
    if pair.status not in LIVE:
        raise ValidationError({"mentor": _("该结对已结束，不能调整。")})
    if mentor.pk == pair.mentor_id:
        raise ValidationError({"mentor": _("所选导师与现任导师相同。")})
    profile = MentorProfile.objects.select_related("unit").filter(user=mentor).first()
    refusal = _refusal(pair, profile, mentor)
    if refusal:
        raise ValidationError({"mentor": refusal})
    assert profile is not None
    load = mentor_loads([mentor.pk]).get(mentor.pk, 0)
    if load >= profile.capacity:
        raise ValidationError({"mentor": full_message(mentor, load, profile.capacity)})
    before = audit.snapshot(pair, ["mentor", "status", "reason"])
    reason = _("人工调整；负荷 %(load)s/%(capacity)s") % {
        "load": load + 1,
        "capacity": profile.capacity,
    }
    if pair.status == MentorPair.Status.PROPOSED:
        pair.mentor = mentor
        pair.reason = reason
        pair.save(update_fields=["mentor", "reason"])
        result = pair
    else:
        today = timezone.localdate()
        pair.status = MentorPair.Status.ENDED
        pair.ended_on = today
        pair.save(update_fields=["status", "ended_on"])
        result = MentorPair.objects.create(
            program=pair.program,
            role=pair.role,
            mentor=mentor,
            mentee=pair.mentee,
            status=MentorPair.Status.ACTIVE,
            reason=reason,
            started_on=today,
            confirmed_by=actor,
        )
        notifications_mentoring.pairs_confirmed(program=pair.program, pairs=[result])
    audit.record(
        "cultivation.pair.reassigned",
        actor=actor,
        obj=result,
        changes=audit.diff(before, audit.snapshot(result, ["mentor", "status", "reason"])),
    )
    return result


@transaction.atomic
def matching_run_confirm(*, actor, run: MatchingRun) -> int:
    """Proposed → active for every pair of the run, or for none: a mentor over capacity (the
    proposal was adjusted, or another program took the mentor meanwhile) refuses the lot,
    naming each."""
    require_manager(actor, run.program)
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.confirmed_at is not None:
        raise ValidationError(_("该匹配方案已于之前确认。"))
    pairs = list(
        MentorPair.objects.filter(run=run, status=MentorPair.Status.PROPOSED).select_related(
            "mentor", "mentee__user", "role"
        )
    )
    if not pairs:
        raise ValidationError(_("该方案没有待确认的结对（可能已被新的方案取代）。"))
    proposed_by_mentor: dict[int, int] = defaultdict(int)
    for p in pairs:
        proposed_by_mentor[p.mentor_id] += 1
    loads = mentor_loads(proposed_by_mentor)
    capacity = dict(
        MentorProfile.objects.filter(user_id__in=list(proposed_by_mentor)).values_list(
            "user_id", "capacity"
        )
    )
    users = {p.mentor_id: p.mentor for p in pairs}
    over = [
        full_message(users[m], loads.get(m, 0), capacity.get(m, 0))
        for m in sorted(proposed_by_mentor)
        if loads.get(m, 0) > capacity.get(m, 0)
    ]
    if over:
        raise ValidationError(" ".join(over))
    today = timezone.localdate()
    MentorPair.objects.filter(pk__in=[p.pk for p in pairs]).update(
        status=MentorPair.Status.ACTIVE, started_on=today, confirmed_by=actor
    )
    run.confirmed_at = timezone.now()
    run.save(update_fields=["confirmed_at"])
    audit.record(
        "cultivation.matching.confirmed", actor=actor, obj=run, extra={"pairs": len(pairs)}
    )
    notifications_mentoring.pairs_confirmed(program=run.program, pairs=pairs)
    return len(pairs)
