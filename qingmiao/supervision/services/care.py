"""Care actions (关爱措施) and their follow-ups; every view of a care record is audited here.

A case is opened with its first follow-up (a step and its due date), so no case is ever
without a next date until it is closed. Recording a follow-up's outcome either closes the
case (已解决 / 无法解决) or, for 跟进中, plans the next step in the same transaction.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.models import Cadre, OrgUnit

from .. import notifications_care
from ..models import CareCase, CareFollowUp, CareKind, CareStatus

CARE_ROLES = (Role.ORG_ADMIN, Role.UNIT_OFFICER)
MASK = "supervision.care.unmasked"


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def owner_candidates(cadre: Cadre):
    """Who may own a case of this cadre: active staff holding the care capability whose unit
    subtree holds the cadre's unit (they can then see the case they own)."""
    path = cadre.unit.path
    step = OrgUnit.steplen
    ancestors = [path[: i * step] for i in range(1, len(path) // step + 1)]
    return User.objects.filter(
        role__in=CARE_ROLES, is_active=True, org_unit__path__in=ancestors
    ).order_by("role", "username")


def _may_act(actor, case: CareCase) -> None:
    if case.owner_id != actor.pk:
        require(actor, "supervision.manage_care")


def _check_due(value, field: str, errors: dict) -> None:
    if not value:
        errors[field] = _("请填写跟进期限。")


def _sync_next_due(case: CareCase) -> None:
    case.next_due = (
        case.follow_ups.filter(outcome="").aggregate(d=Min("due_on"))["d"]
        if case.status == CareStatus.ONGOING
        else None
    )


@transaction.atomic
def care_case_open(*, actor, cadre: Cadre, data: dict) -> CareCase:
    """Open a care action for a cadre in the actor's scope, with its owner and first step."""
    require(actor, "supervision.manage_care")
    errors: dict = {}
    if cadre is None or not scoping.visible(actor, Cadre).filter(pk=cadre.pk).exists():
        raise ValidationError({"cadre": _("没有这名干部，或不在您的管理范围内。")})
    if data.get("kind") not in CareKind.values:
        errors["kind"] = _("请选择关爱措施。")
    if not (data.get("summary") or "").strip():
        errors["summary"] = _("请简要写明事项。")
    owner = data.get("owner")
    if owner is None or not owner_candidates(cadre).filter(pk=owner.pk).exists():
        errors["owner"] = _("责任人须是能查看该干部关爱记录的组织部门或单位工作人员。")
    _check_due(data.get("due_on"), "due_on", errors)
    if not (data.get("plan") or "").strip():
        errors["plan"] = _("请写明下一步跟进内容。")
    opened = data.get("opened_on") or timezone.localdate()
    if opened > timezone.localdate():
        errors["opened_on"] = _("开始日期不能晚于今天。")
    elif data.get("due_on") and data["due_on"] < opened:
        errors["due_on"] = _("跟进期限不能早于开始日期。")
    if errors or owner is None:
        raise ValidationError(errors)
    case = CareCase.objects.create(
        cadre=cadre,
        kind=data["kind"],
        summary=data["summary"].strip()[:100],
        notes=(data.get("notes") or "").strip(),
        owner=owner,
        opened_on=opened,
        next_due=data["due_on"],
        created_by=actor,
    )
    CareFollowUp.objects.create(case=case, due_on=data["due_on"], plan=data["plan"].strip()[:200])
    audit.record(
        "supervision.care.case_opened",
        actor=actor,
        obj=case,
        extra={"cadre": cadre.pk, "kind": case.kind, "owner": owner.pk},
    )
    if owner.pk != actor.pk:
        notifications_care.case_assigned(case=case)
    return case


@transaction.atomic
def care_follow_up_add(*, actor, case: CareCase, data: dict) -> CareFollowUp:
    """Plan one more step of an open case."""
    _may_act(actor, case)
    errors: dict = {}
    if case.status != CareStatus.ONGOING:
        raise ValidationError({"due_on": _("该关爱措施已办结，不能再添加跟进事项。")})
    _check_due(data.get("due_on"), "due_on", errors)
    if not (data.get("plan") or "").strip():
        errors["plan"] = _("请写明下一步跟进内容。")
    if errors:
        raise ValidationError(errors)
    follow_up = CareFollowUp.objects.create(
        case=case, due_on=data["due_on"], plan=data["plan"].strip()[:200]
    )
    _sync_next_due(case)
    case.save(update_fields=["next_due"])
    audit.record(
        "supervision.care.follow_up_added",
        actor=actor,
        obj=case,
        extra={"follow_up": follow_up.pk, "due_on": data["due_on"].isoformat()},
    )
    return follow_up


@transaction.atomic
def care_follow_up_record(*, actor, follow_up: CareFollowUp, data: dict) -> CareFollowUp:
    """Record what came of a step. 已解决 / 无法解决 close the case (its other open steps
    with it); 跟进中 keeps it open and needs the next step and its due date."""
    case = follow_up.case
    _may_act(actor, case)
    if follow_up.outcome or case.status != CareStatus.ONGOING:
        raise ValidationError({"outcome": _("该跟进事项已记录结果。")})
    errors: dict = {}
    outcome = data.get("outcome") or ""
    if outcome not in CareStatus.values:
        errors["outcome"] = _("请选择跟进结果。")
    today = timezone.localdate()
    done = data.get("done_on") or today
    if done > today:
        errors["done_on"] = _("完成日期不能晚于今天。")
    if not (data.get("result") or "").strip():
        errors["result"] = _("请写明跟进情况。")
    others_open = case.follow_ups.filter(outcome="").exclude(pk=follow_up.pk).exists()
    if outcome == CareStatus.ONGOING and not others_open:
        _check_due(data.get("next_due_on"), "next_due_on", errors)
        if not (data.get("next_plan") or "").strip():
            errors["next_plan"] = _("仍在跟进的，请写明下一步跟进内容。")
        if data.get("next_due_on") and data["next_due_on"] < done:
            errors["next_due_on"] = _("下次跟进期限不能早于完成日期。")
    if errors:
        raise ValidationError(errors)
    follow_up.outcome = outcome
    follow_up.result = data["result"].strip()
    follow_up.done_on = done
    follow_up.done_by = actor
    follow_up.save()
    if outcome == CareStatus.ONGOING:
        if data.get("next_due_on") and (data.get("next_plan") or "").strip():
            CareFollowUp.objects.create(
                case=case, due_on=data["next_due_on"], plan=data["next_plan"].strip()[:200]
            )
    else:
        case.follow_ups.filter(outcome="").update(
            outcome=outcome, done_on=done, done_by=actor, result=_("随该关爱措施办结。")
        )
        case.status = outcome
        case.closed_on = done
    _sync_next_due(case)
    case.save(update_fields=["status", "closed_on", "next_due"])
    audit.record(
        "supervision.care.follow_up_recorded",
        actor=actor,
        obj=case,
        extra={"follow_up": follow_up.pk, "outcome": outcome, "case_status": case.status},
    )
    return follow_up


# --- views of care records (all audited) ---------------------------------------------------


def care_viewed(*, actor, cases, channel: str, cadre: Cadre | None = None) -> None:
    """Record that `actor` read these care records (a page, an API answer, a timeline)."""
    ids = [c.pk for c in cases]
    if not ids and cadre is None:
        return
    one = cases[0] if len(ids) == 1 else None
    audit.record(
        "supervision.care.viewed",
        actor=actor,
        obj=one or cadre,
        extra={"cases": ids, "channel": channel},
    )


def care_unmask(*, actor, case: CareCase, reason: str, channel: str) -> None:
    """Show one case's notes and follow-up accounts in clear, for a stated reason."""
    require(actor, "supervision.view_care")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("请写明查看详细情况的理由。")})
    audit.record(MASK, actor=actor, obj=case, extra={"reason": reason[:200], "channel": channel})


# --- overdue -------------------------------------------------------------------------------


def overdue_q(today: date, prefix: str = "") -> Q:
    """An open step past its due date, of a case still being followed up."""
    return Q(
        **{
            f"{prefix}outcome": "",
            f"{prefix}due_on__lt": today,
            f"{prefix}case__status": CareStatus.ONGOING,
        }
    )


@transaction.atomic
def care_overdue_remind(today: date | None = None) -> dict:
    """Tell each owner, once per step, of the steps that have gone past their due date.
    Running it again the same day (or any later day) tells nobody twice."""
    today = today or timezone.localdate()
    due = CareFollowUp.objects.filter(overdue_q(today), overdue_notified_on__isnull=True)
    per_owner: dict[int, int] = {}
    for owner_id in due.values_list("case__owner_id", flat=True):
        per_owner[owner_id] = per_owner.get(owner_id, 0) + 1
    owners = User.objects.in_bulk(list(per_owner))
    for owner_id, count in per_owner.items():
        if owners[owner_id].is_active:
            notifications_care.overdue(owner=owners[owner_id], count=count)
    marked = due.update(overdue_notified_on=today)
    return {"owners": len(per_owner), "follow_ups": marked}
