"""Practice assignments (实践锻炼): staff record them, the cadre reports on them, the host
evaluates them at the end. Each action checks its capability, runs in one transaction and
writes its audit entry there; a refusal names the field and changes nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.accounts.roles import Role
from qingmiao.cadres.models import Cadre, OrgUnit
from qingmiao.selection.models import Application, Program

from .. import notifications_practice, practice_rules
from ..models import HostEvaluation, PracticeAssignment, PracticeReport

FIELDS = (
    "cadre", "program", "kind", "direction", "host_name", "host_unit", "host_contact", "place",
    "post", "start_date", "end_date", "full_time", "goals",
)  # fmt: skip
LIVE_OUTCOMES = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _check(actor, values: dict, instance: PracticeAssignment | None) -> None:
    """Every rule of an assignment's fields, collected so the form shows them all at once."""
    errors: dict[str, str] = {}
    cadre, program = values.get("cadre"), values.get("program")
    start, end = values.get("start_date"), values.get("end_date")
    if cadre is None:
        errors["cadre"] = _("请选择干部。")
    elif not scoping.visible(actor, Cadre).filter(pk=cadre.pk).exists():
        errors["cadre"] = _("只能为本单位及下属单位的干部安排实践锻炼。")
    if program is not None:
        if not scoping.visible(actor, Program).filter(pk=program.pk).exists():
            errors["program"] = _("只能选择您可见的培养项目。")
        elif (
            cadre is not None
            and not Application.objects.filter(
                program=program, cadre=cadre, outcome__in=LIVE_OUTCOMES
            ).exists()
        ):
            errors["program"] = _("该干部不是这个培养项目的学员。")
    host_unit = values.get("host_unit")
    if (
        host_unit is not None
        and not scoping.visible(actor, OrgUnit).filter(pk=host_unit.pk).exists()
    ):
        errors["host_unit"] = _("只能选择本单位及下属单位作为接收单位。")
    contact = values.get("host_contact")
    if contact is not None and (contact.role != Role.HOST or not contact.is_active):
        errors["host_contact"] = _("接收方联系人须为启用的“接收方联系人”账号。")
    if not (values.get("host_name") or "").strip():
        errors["host_name"] = _("请填写接收单位或企业。")
    if not (values.get("place") or "").strip():
        errors["place"] = _("请填写地点。")
    if values.get("kind") not in PracticeAssignment.Kind.values:
        errors["kind"] = _("请选择锻炼类型。")
    if start is None:
        errors["start_date"] = _("请填写开始日期。")
    if end is None:
        errors["end_date"] = _("请填写结束日期。")
    if start and end and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期。")
    if (
        cadre is not None
        and start
        and end
        and values.get("full_time")
        and "start_date" not in errors
    ):
        overlapping = PracticeAssignment.objects.filter(
            cadre=cadre, full_time=True, start_date__lte=end, end_date__gte=start
        )
        if instance is not None:
            overlapping = overlapping.exclude(pk=instance.pk)
        clash = overlapping.order_by("start_date").first()
        if clash is not None:
            errors["start_date"] = _(
                "该干部在 %(start)s 至 %(end)s 已有脱产锻炼（%(host)s），时间不能重叠。"
            ) % {
                "start": f"{clash.start_date:%Y.%m.%d}",
                "end": f"{clash.end_date:%Y.%m.%d}",
                "host": clash.host_name,
            }
    status = values.get("status")
    if status and status not in PracticeAssignment.Status.values:
        errors["status"] = _("请选择状态。")
    if errors:
        raise ValidationError(errors)


def _stored_status(values: dict) -> str:
    """A status staff chose, or the one the dates give."""
    return values.get("status") or practice_rules.status_on(
        values["start_date"], values["end_date"]
    )


@transaction.atomic
def assignment_create(*, actor, data: dict) -> PracticeAssignment:
    """Send a cadre on an assignment. The cadre and the host contact hear of it."""
    require(actor, "cultivation.manage_practice")
    values = {k: data.get(k) for k in (*FIELDS, "status")}
    values["full_time"] = bool(values.get("full_time"))
    values["direction"] = values.get("direction") or PracticeAssignment.Direction.OUTBOUND
    _check(actor, values, None)
    values["status"] = _stored_status(values)
    assignment = PracticeAssignment(created_by=actor, **values)
    for key in ("host_name", "place", "post", "goals"):
        setattr(assignment, key, (getattr(assignment, key) or "").strip())
    assignment.save()
    audit.record(
        "cultivation.practice.created",
        actor=actor,
        obj=assignment,
        changes=audit.diff({}, audit.snapshot(assignment)),
    )
    notifications_practice.assignment_created(assignment)
    return assignment


@transaction.atomic
def assignment_update(*, actor, assignment: PracticeAssignment, data: dict) -> PracticeAssignment:
    """Change an assignment (only the fields given). Changing the dates without naming a status
    lets the dates decide it again."""
    require(actor, "cultivation.manage_practice")
    assignment = PracticeAssignment.objects.select_for_update().get(pk=assignment.pk)
    values = {k: getattr(assignment, k) for k in FIELDS}
    values.update({k: v for k, v in data.items() if k in FIELDS})
    values["status"] = data.get("status") or ""
    _check(actor, values, assignment)
    if not values["status"]:
        dates_changed = (values["start_date"], values["end_date"]) != (
            assignment.start_date,
            assignment.end_date,
        )
        values["status"] = (
            practice_rules.status_on(values["start_date"], values["end_date"])
            if dates_changed
            else assignment.status
        )
    before = audit.snapshot(assignment)
    for key, value in values.items():
        setattr(assignment, key, value.strip() if isinstance(value, str) else value)
    assignment.save()
    changes = audit.diff(before, audit.snapshot(assignment))
    if changes:
        audit.record("cultivation.practice.updated", actor=actor, obj=assignment, changes=changes)
    return assignment


@transaction.atomic
def report_submit(
    *, actor, assignment: PracticeAssignment, period: str, content: str
) -> PracticeReport:
    """The cadre's report for one month of their assignment; one per month."""
    require(actor, "cultivation.report_practice")
    if assignment.cadre.user_id != actor.pk:
        raise PermissionDenied("not the cadre's own assignment")
    period = (period or "").strip()
    refusal = practice_rules.period_refusal(assignment, period)
    if refusal:
        raise ValidationError({"period": refusal})
    if not (content or "").strip():
        raise ValidationError({"content": _("请填写工作情况。")})
    # Locks the assignment so two taps of the button cannot both pass the check below.
    PracticeAssignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if PracticeReport.objects.filter(assignment=assignment, period=period).exists():
        raise ValidationError(
            {
                "period": _("%(period)s的报告已经提交过，每个报告期只能提交一次。")
                % {"period": practice_rules.period_label(period)}
            }
        )
    report = PracticeReport.objects.create(
        assignment=assignment, period=period, content=content.strip()
    )
    audit.record(
        "cultivation.practice_report.submitted",
        actor=actor,
        obj=report,
        extra={"assignment": assignment.pk, "period": period},
    )
    notifications_practice.report_submitted(report)
    return report


@transaction.atomic
def evaluation_submit(
    *,
    actor,
    assignment: PracticeAssignment,
    grade: str,
    strengths: str = "",
    improvements: str = "",
) -> HostEvaluation:
    """The host contact's evaluation at the end of the assignment: once, only for their own
    assignee, and only from 30 days before the last day."""
    require(actor, "cultivation.evaluate_practice")
    if assignment.host_contact_id != actor.pk:
        raise PermissionDenied("not the host of this assignment")
    PracticeAssignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if HostEvaluation.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("您已评价过这名干部，评价提交后不能修改。"))
    if not practice_rules.evaluation_open(assignment):
        raise ValidationError(
            _("锻炼期满前 %(days)s 天起才能评价（%(date)s 起）。")
            % {
                "days": practice_rules.EVALUATION_OPENS_DAYS,
                "date": f"{practice_rules.evaluation_opens(assignment):%Y.%m.%d}",
            }
        )
    if grade not in HostEvaluation.Grade.values:
        raise ValidationError({"grade": _("请选择评价等次。")})
    evaluation = HostEvaluation.objects.create(
        assignment=assignment,
        grade=grade,
        strengths=(strengths or "").strip(),
        improvements=(improvements or "").strip(),
        evaluator=actor,
    )
    audit.record(
        "cultivation.practice_evaluation.submitted",
        actor=actor,
        obj=evaluation,
        extra={"assignment": assignment.pk, "grade": grade},
    )
    return evaluation
