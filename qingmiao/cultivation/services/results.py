"""Results: deliverables and their outcomes, investment brought in, problems solved.

Staff with `cultivation.record_results` record any of them for a program they can see,
crediting teams and cadres they can see; a cadre submits their own team's deliverable
(`cultivation.submit_deliverable`). Every action is one transaction with its audit entry; a
refusal names the field and changes nothing.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from qingmiao.accounts import audit, scoping
from qingmiao.cadres.models import Cadre
from qingmiao.selection.models import Application, Program

from ..models import (
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    ProblemSolved,
    Team,
    TeamMember,
)
from ..uploads import check_document

CAPITAL_MAX = Decimal("999999999999.99")  # 14 digits, 2 after the point (the column)
_PARTICIPATING = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _require_program(actor, program: Program) -> None:
    if not scoping.visible(actor, Program).filter(pk=program.pk).exists():
        raise PermissionDenied("program outside scope")


# --- checks both pages and the API rely on (one message each) --------------------------------


def clean_credit_code(value: str) -> str:
    """The code in its compact form ('' when none was given), or a refusal on the field."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return uscc.validate(value)
    except InvalidLength:
        message = _("统一社会信用代码应为 18 位。")
    except InvalidChecksum:
        message = _("统一社会信用代码的校验位不符，请核对后重新填写。")
    except StdnumError:
        message = _("统一社会信用代码格式不正确：只能由数字和大写字母组成（不含 I、O、Z、S、V）。")
    raise ValidationError({"credit_code": message})


def clean_capital(value) -> Decimal:
    """注册资本 in 万元 as an exact decimal, or a refusal on the field."""
    field = "registered_capital"
    if value is None or str(value).strip() == "":
        raise ValidationError({field: _("请填写注册资本（万元）。")})
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError({field: _("注册资本须为数字（单位：万元）。")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("注册资本须为数字（单位：万元）。")})
    if amount < 0:
        raise ValidationError({field: _("注册资本不能为负数。")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("注册资本最多保留两位小数（万元）。")})
    if amount > CAPITAL_MAX:
        raise ValidationError({field: _("注册资本数额过大，请核对单位是否为万元。")})
    return amount.quantize(Decimal("0.01"))


def _clean_date(value, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: _("请填写%(what)s。") % {"what": label}})
    if value > timezone.localdate():
        raise ValidationError({field: _("%(what)s不能晚于今天。") % {"what": label}})
    return value


def _required_text(data: dict, field: str, label: str, max_length: int | None = None) -> str:
    text = (data.get(field) or "").strip()
    if not text:
        raise ValidationError({field: _("请填写%(what)s。") % {"what": label}})
    if max_length and len(text) > max_length:
        raise ValidationError(
            {field: _("%(what)s不能超过 %(n)s 个字。") % {"what": label, "n": max_length}}
        )
    return text


def _credit(actor, program: Program, team, cadres, field: str) -> tuple[Team | None, list]:
    """The team and cadres credited: the team of this program, the cadres among its
    participants, both within what the actor can see."""
    cadres = list(cadres or [])
    if team is not None:
        if team.program_id != program.pk:
            raise ValidationError({"team": _("所选调研组不属于该培养项目。")})
        if not scoping.visible(actor, Team).filter(pk=team.pk).exists():
            raise ValidationError({"team": _("所选调研组不在您的管理范围内。")})
    if cadres:
        ids = {c.pk for c in cadres}
        visible = set(scoping.visible(actor, Cadre).filter(pk__in=ids).values_list("pk", flat=True))
        taking_part = set(
            Application.objects.filter(
                program=program, cadre_id__in=ids, outcome__in=_PARTICIPATING
            ).values_list("cadre_id", flat=True)
        )
        strangers = [c.name for c in cadres if c.pk not in visible or c.pk not in taking_part]
        if strangers:
            raise ValidationError(
                {
                    field: _("以下干部不是该项目在您范围内的学员：%(names)s")
                    % {"names": "、".join(strangers)}
                }
            )
    if team is None and not cadres:
        raise ValidationError({field: _("请选择调研组或至少一名干部。")})
    return team, cadres


def _names(cadres) -> list[str]:
    return [c.name for c in cadres]


# --- deliverables ---------------------------------------------------------------------------


def _deliverable_fields(data: dict) -> dict:
    kind = data.get("kind")
    if kind not in Deliverable.Kind.values:
        raise ValidationError({"kind": _("请选择成果类型。")})
    return {
        "kind": kind,
        "title": _required_text(data, "title", _("题目"), 150),
        "summary": (data.get("summary") or "").strip(),
        "submitted_on": _clean_date(data.get("submitted_on"), "submitted_on", _("提交日期")),
    }


def _save_deliverable(actor, program, fields, team, authors, upload, action) -> Deliverable:
    check_document(upload, field="file")
    deliverable = Deliverable(program=program, team=team, created_by=actor, **fields)
    if upload is not None:
        deliverable.file.save(upload.name, upload, save=False)
    deliverable.save()
    deliverable.authors.set(authors)
    audit.record(
        action,
        actor=actor,
        obj=deliverable,
        changes={
            **audit.snapshot(deliverable, ["program", "kind", "title", "team", "submitted_on"]),
            "authors": _names(authors),
        },
    )
    return deliverable


@transaction.atomic
def deliverable_record(*, actor, program: Program, data: dict) -> Deliverable:
    """Staff record a deliverable: kind, title, summary, the team and/or authors, the file
    (`data["file"]`, optional, PDF or .docx), the date it was submitted."""
    require(actor, "cultivation.record_results")
    _require_program(actor, program)
    fields = _deliverable_fields(data)
    team, authors = _credit(actor, program, data.get("team"), data.get("authors"), "authors")
    return _save_deliverable(
        actor, program, fields, team, authors, data.get("file"), "cultivation.deliverable.recorded"
    )


@transaction.atomic
def deliverable_submit(*, actor, team: Team, data: dict) -> Deliverable:
    """A team member submits their team's deliverable; the authors are members of the team
    (the submitter when none are named)."""
    require(actor, "cultivation.submit_deliverable")
    members = {
        m.cadre_id: m.cadre for m in TeamMember.objects.filter(team=team).select_related("cadre")
    }
    me = next((c for c in members.values() if c.user_id == actor.pk), None)
    if me is None:
        raise PermissionDenied("not a member of the team")
    fields = _deliverable_fields(data)
    authors = list(data.get("authors") or []) or [me]
    outsiders = [c.name for c in authors if c.pk not in members]
    if outsiders:
        raise ValidationError(
            {"authors": _("执笔人须是本组成员：%(names)s") % {"names": "、".join(outsiders)}}
        )
    return _save_deliverable(
        actor,
        team.program,
        fields,
        team,
        authors,
        data.get("file"),
        "cultivation.deliverable.submitted",
    )


def _credited_users(deliverable: Deliverable):
    """The people a deliverable's news concerns: its authors, or the team when none."""
    cadres = Cadre.objects.filter(deliverables=deliverable)
    if not cadres.exists() and deliverable.team_id:
        cadres = Cadre.objects.filter(team_memberships__team_id=deliverable.team_id)
    return [c.user for c in cadres.select_related("user") if c.user_id]


def outcome_fields(deliverable: Deliverable, data: dict) -> tuple:
    """An outcome's body, date, evidence and document, checked (recording and correcting)."""
    body = _required_text(data, "body", _("采纳或转化单位"), 100)
    when = _clean_date(data.get("date"), "date", _("日期"))
    if when < deliverable.submitted_on:
        raise ValidationError({"date": _("日期不能早于成果提交日期。")})
    evidence = _required_text(data, "evidence", _("佐证"))
    upload = data.get("evidence_file")
    check_document(upload, field="evidence_file", photos=True)
    return body, when, evidence, upload


@transaction.atomic
def deliverable_outcome_record(
    *, actor, deliverable: Deliverable, data: dict
) -> DeliverableOutcome:
    """What became of a deliverable (adopted by a body, converted into a measure, written into
    a plan), once per kind, with its evidence (required) and an optional scanned document."""
    from ..notifications_results import OUTCOME_RECORDED, outcome_context

    require(actor, "cultivation.record_results")
    # Lock the deliverable so two clerks recording the same kind at once cannot both pass.
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    kind = data.get("kind")
    if kind not in DeliverableOutcome.Kind.values:
        raise ValidationError({"kind": _("请选择成效类型。")})
    if deliverable.outcomes.filter(kind=kind).exists():
        raise ValidationError(
            {
                "kind": _("该成果已登记过“%(kind)s”，不能重复登记。")
                % {"kind": DeliverableOutcome.Kind(kind).label}
            }
        )
    body, when, evidence, upload = outcome_fields(deliverable, data)
    outcome = DeliverableOutcome(
        deliverable=deliverable,
        kind=kind,
        body=body,
        date=when,
        evidence=evidence,
        recorded_by=actor,
    )
    if upload is not None:
        outcome.evidence_file.save(upload.name, upload, save=False)
    outcome.save()
    audit.record(
        "cultivation.outcome.recorded",
        actor=actor,
        obj=deliverable,
        changes=audit.snapshot(outcome, ["kind", "body", "date", "evidence"]),
    )
    from qingmiao.core.notifications import notify

    notify(
        event=OUTCOME_RECORDED,
        recipients=_credited_users(deliverable),
        context=outcome_context(deliverable, outcome),
        obj=deliverable,
        link=reverse("cultivation:my_results"),
    )
    return outcome


# --- investment -----------------------------------------------------------------------------


def _investment_fields(data: dict) -> dict:
    stage = data.get("stage")
    if stage not in InvestmentRecord.Stage.values:
        raise ValidationError({"stage": _("请选择进展。")})
    return {
        "enterprise_name": _required_text(data, "enterprise_name", _("企业名称"), 120),
        "credit_code": clean_credit_code(data.get("credit_code") or ""),
        "registered_capital": clean_capital(data.get("registered_capital")),
        "industry": (data.get("industry") or "").strip()[:60],
        "stage": stage,
        "date": _clean_date(data.get("date"), "date", _("日期")),
    }


def _unique_code(program: Program, code: str, exclude: int | None = None) -> None:
    if not code:
        return
    same = InvestmentRecord.objects.filter(program=program, credit_code=code)
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError({"credit_code": _("该企业已在本项目登记过，请在原记录上更新进展。")})


@transaction.atomic
def investment_record(*, actor, program: Program, data: dict) -> InvestmentRecord:
    """An enterprise brought in: its name and credit code (checked by its check character),
    registered capital in 万元, the stage reached, the date, the team and/or cadres credited."""
    require(actor, "cultivation.record_results")
    _require_program(actor, program)
    fields = _investment_fields(data)
    _unique_code(program, fields["credit_code"])
    team, cadres = _credit(actor, program, data.get("team"), data.get("cadres"), "cadres")
    record = InvestmentRecord.objects.create(program=program, team=team, created_by=actor, **fields)
    record.cadres.set(cadres)
    audit.record(
        "cultivation.investment.recorded",
        actor=actor,
        obj=record,
        changes={**audit.snapshot(record), "cadres": _names(cadres)},
    )
    return record


@transaction.atomic
def investment_update(*, actor, record: InvestmentRecord, data: dict) -> InvestmentRecord:
    """Move a record on (接洽 → 洽谈 → 签约 → 落户) or correct it; credit stays as recorded."""
    require(actor, "cultivation.record_results")
    record = InvestmentRecord.objects.select_for_update().get(pk=record.pk)
    merged = {**audit.snapshot(record), **{k: v for k, v in data.items() if v is not None}}
    merged["date"] = data.get("date") or record.date
    fields = _investment_fields(merged)
    _unique_code(record.program, fields["credit_code"], exclude=record.pk)
    before = audit.snapshot(record)
    for key, value in fields.items():
        setattr(record, key, value)
    record.save()
    changes = audit.diff(before, audit.snapshot(record))
    if changes:
        audit.record("cultivation.investment.updated", actor=actor, obj=record, changes=changes)
    return record


# --- problems solved ------------------------------------------------------------------------


@transaction.atomic
def problem_record(*, actor, program: Program, data: dict) -> ProblemSolved:
    """破解难题: the problem, who benefited, the outcome, the date, the team and/or cadres."""
    require(actor, "cultivation.record_results")
    _require_program(actor, program)
    fields = {
        "title": _required_text(data, "title", _("难题"), 150),
        "beneficiary": _required_text(data, "beneficiary", _("受益企业或项目"), 120),
        "beneficiary_kind": (
            data.get("beneficiary_kind")
            if data.get("beneficiary_kind") in ProblemSolved.BeneficiaryKind.values
            else ProblemSolved.BeneficiaryKind.ENTERPRISE
        ),
        "outcome": _required_text(data, "outcome", _("解决成效")),
        "date": _clean_date(data.get("date"), "date", _("解决日期")),
    }
    team, cadres = _credit(actor, program, data.get("team"), data.get("cadres"), "cadres")
    problem = ProblemSolved.objects.create(program=program, team=team, created_by=actor, **fields)
    problem.cadres.set(cadres)
    audit.record(
        "cultivation.problem.recorded",
        actor=actor,
        obj=problem,
        changes={**audit.snapshot(problem), "cadres": _names(cadres)},
    )
    return problem
