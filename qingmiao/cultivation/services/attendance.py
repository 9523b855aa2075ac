"""Attendance, hours, make-ups, requirements and feedback: every write of the area.

Each function checks the capability, runs in one transaction, writes its audit entry there and
refuses with a ValidationError naming the field (roster rows as `rows.<i>.<field>`), so nothing
is half saved. Hours follow the one rule in `cultivation/hours.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.selection.models import Stage, StageStatus

from .. import hours, notifications_attendance, signin
from ..hours import ATTENDED
from ..models import (
    Attendance,
    FeedbackReceipt,
    HourRequirement,
    MakeUpRequest,
    Session,
    SessionFeedback,
)
from ..selectors import attendance as selectors
from ..uploads import check_document

Status = Attendance.Status
NEEDS_LATE = (Status.LATE, Status.LATE_AND_EARLY)
NEEDS_EARLY = (Status.LEFT_EARLY, Status.LATE_AND_EARLY)


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def hours_changed(session: Session) -> None:
    """A session's credited hours changed: the rankings of stages that set a minimum of hours
    in its programs are out of date (their proposal leaves short candidates out). Marked only:
    a roll call or a room signing in must not refit a ranking per person; the ranking is
    made again when it is next read."""
    from qingmiao.selection.services.ranking_store import ranking_changed

    for stage in Stage.objects.filter(
        program__in=session.programs.values("pk"), min_credit_hours__isnull=False
    ).exclude(status=StageStatus.DECIDED):
        ranking_changed(stage, refit=False)


# --- the roster ----------------------------------------------------------------------------


def _row_errors(i: int, row: dict, minutes: int) -> dict:
    errors = {}
    status = row.get("status") or ""
    late = row.get("minutes_late") or 0
    early = row.get("minutes_early") or 0
    if status not in Status.values:
        errors[f"rows.{i}.status"] = _("请选择出勤情况。")
        return errors
    if status in NEEDS_LATE and late <= 0:
        errors[f"rows.{i}.minutes_late"] = _("迟到须填写迟到分钟数。")
    if status in NEEDS_EARLY and early <= 0:
        errors[f"rows.{i}.minutes_early"] = _("早退须填写早退分钟数。")
    if late < 0 or early < 0:
        errors[f"rows.{i}.minutes_late"] = _("分钟数不能为负数。")
    elif late + early >= minutes and status in hours.PARTIAL:
        errors[f"rows.{i}.minutes_late"] = _(
            "迟到和早退合计不能达到或超过授课时长（%(m)s 分钟）。"
        ) % {"m": minutes}
    return errors


@transaction.atomic
def roster_save(*, actor, session: Session, rows: list[dict]) -> dict:
    """Record the roster: `rows` are {cadre, status, minutes_late, minutes_early} for cadres
    on the session's roster (blank status: not recorded, left as it is). All rows are checked
    first; one bad row refuses the whole roster."""
    require(actor, "cultivation.take_attendance")
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("该授课安排已取消，不能点名。"))
    if session.starts_at > timezone.now():
        raise ValidationError(_("授课尚未开始，不能点名。"))
    expected = set(selectors.expected_cadres(session).values_list("pk", flat=True))
    minutes = hours.session_minutes(session)
    errors: dict = {}
    marked = []
    for i, row in enumerate(rows):
        if not row.get("status"):
            continue
        if row.get("cadre") not in expected:
            errors[f"rows.{i}.status"] = _("该干部不在本次授课的名单中。")
            continue
        errors.update(_row_errors(i, row, minutes))
        marked.append(row)
    if errors:
        raise ValidationError(errors)
    existing = {a.cadre_id: a for a in Attendance.objects.filter(session=session)}
    made_up = set(
        MakeUpRequest.objects.filter(
            session=session, status=MakeUpRequest.Status.APPROVED
        ).values_list("cadre_id", flat=True)
    )
    created: list[tuple[Attendance, dict | None]] = []
    changed: list[tuple[Attendance, dict | None]] = []
    for row in marked:
        status = row["status"]
        late = row.get("minutes_late") or 0 if status in NEEDS_LATE else 0
        early = row.get("minutes_early") or 0 if status in NEEDS_EARLY else 0
        a = existing.get(row["cadre"])
        if a is None:
            a = Attendance(session=session, cadre_id=row["cadre"], method=Attendance.Method.ROSTER)
        elif (a.status, a.minutes_late, a.minutes_early) == (status, late, early):
            continue
        before = (
            {"status": a.status, "minutes_late": a.minutes_late, "minutes_early": a.minutes_early}
            if a.pk
            else None
        )
        a.status, a.minutes_late, a.minutes_early = status, late, early
        a.recorded_by = actor
        if a.method != Attendance.Method.MAKE_UP:
            a.method = a.method if a.pk else Attendance.Method.ROSTER
        a.credited_hours = hours.for_attendance(a, session, made_up=a.cadre_id in made_up)
        (changed if a.pk else created).append((a, before))
    for a, _before in created + changed:
        a.save()
    if session.status == Session.Status.PLANNED:
        session.status = Session.Status.HELD
        session.save(update_fields=["status"])
    audit.record(
        "cultivation.attendance.roster_saved",
        actor=actor,
        obj=session,
        extra={
            "created": len(created),
            "changed": [
                {"cadre": a.cadre_id, "from": before, "to": a.status} for a, before in changed
            ],
        },
    )
    if created or changed:
        hours_changed(session)
    return {"created": len(created), "changed": len(changed)}


# --- signing in on a phone -----------------------------------------------------------------


@transaction.atomic
def sign_in(*, actor, session: Session, code: str, method: str = Attendance.Method.CODE):
    """The cadre signs in with the code the room's screen shows: present, or late by the
    minutes past the start. Refused, with nothing saved: a wrong or expired code, outside the
    sign-in window, not on the roster, or already recorded."""
    require(actor, "cultivation.sign_in")
    cadre = selectors.own_cadre(actor)
    if cadre is None:
        raise ValidationError({"code": _("您的账号没有关联干部档案，不能签到。")})
    now = timezone.now()
    code = (code or "").strip()
    if not code.isdigit() or len(code) != signin.DIGITS:
        raise ValidationError({"code": _("签到码是 6 位数字。")})
    if session.status == Session.Status.CANCELLED or not signin.is_open(session, now):
        raise ValidationError({"code": _("不在签到时间内。")})
    if not signin.code_valid(session, code, now):
        # An older code of this session: say it expired (a photo passed on); otherwise wrong.
        recent = any(
            code == signin.code_for(session, signin.step_at(now) - back) for back in range(2, 241)
        )
        if recent:
            raise ValidationError({"code": _("签到码已过期，请扫描或输入现场屏幕上的最新签到码。")})
        raise ValidationError({"code": _("签到码不正确。")})
    if not selectors.may_sign_in(session, cadre):
        raise ValidationError({"code": _("您不在本次授课的名单中。")})
    existing = Attendance.objects.filter(session=session, cadre=cadre).first()
    if existing is not None:
        if existing.status in ATTENDED:
            raise ValidationError({"code": _("您已签到，无须重复签到。")})
        raise ValidationError({"code": _("您的考勤已由工作人员记录，如有疑问请联系工作人员。")})
    late = max(int((now - session.starts_at).total_seconds() // 60), 0)
    a = Attendance(
        session=session,
        cadre=cadre,
        status=Status.LATE if late > 0 else Status.PRESENT,
        minutes_late=late,
        method=method,
        signed_in_at=now,
        recorded_by=actor,
    )
    minutes = hours.session_minutes(session)
    if late >= minutes:
        raise ValidationError({"code": _("不在签到时间内。")})
    a.credited_hours = hours.for_attendance(a, session)
    try:
        with transaction.atomic():
            a.save()
    except IntegrityError:  # signed in at the same moment from two phones
        raise ValidationError({"code": _("您已签到，无须重复签到。")}) from None
    audit.record(
        "cultivation.attendance.signed_in",
        actor=actor,
        obj=a,
        extra={"session": session.pk, "status": a.status, "minutes_late": late},
    )
    hours_changed(session)
    return a


# --- make-ups ------------------------------------------------------------------------------


@transaction.atomic
def makeup_request(*, actor, session: Session, how: str, evidence=None) -> MakeUpRequest:
    """补学: a cadre who missed all or part of a session asks for its hours, saying how they
    made it up, with an optional file (PDF, Word or a photo, checked by its content)."""
    require(actor, "cultivation.request_makeup")
    cadre = selectors.own_cadre(actor)
    if cadre is None:
        raise ValidationError({"how": _("您的账号没有关联干部档案。")})
    errors = {}
    how = (how or "").strip()
    if not how:
        errors["how"] = _("请说明补学方式。")
    if evidence:
        try:
            check_document(evidence, field="evidence", photos=True)
        except ValidationError as exc:
            errors["evidence"] = exc.message_dict["evidence"][0]
    if session.starts_at > timezone.now():
        errors["session"] = _("授课尚未开始，不能申请补学。")
    elif not selectors.may_sign_in(session, cadre):
        errors["session"] = _("您不在本次授课的名单中。")
    else:
        a = Attendance.objects.filter(session=session, cadre=cadre).first()
        if a is not None and a.credited_hours >= session.credit_hours:
            errors["session"] = _("本次授课您已获得全部学时，无须补学。")
        elif MakeUpRequest.objects.filter(
            session=session,
            cadre=cadre,
            status__in=(MakeUpRequest.Status.PENDING, MakeUpRequest.Status.APPROVED),
        ).exists():
            errors["session"] = _("本次授课已有补学申请。")
    if errors:
        raise ValidationError(errors)
    request = MakeUpRequest(session=session, cadre=cadre, how=how[:200])
    if evidence:
        request.evidence = evidence
    request.save()
    audit.record(
        "cultivation.makeup.requested", actor=actor, obj=request, extra={"session": session.pk}
    )
    notifications_attendance.makeup_requested(request)
    return request


@transaction.atomic
def makeup_decide(*, actor, request: MakeUpRequest, approve: bool, note: str = ""):
    """Staff approve (the session's full hours are credited) or refuse (with a reason)."""
    require(actor, "cultivation.approve_makeup")
    request = MakeUpRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MakeUpRequest.Status.PENDING:
        raise ValidationError(_("该补学申请已审核。"))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("不通过须填写理由。")})
    session = request.session
    request.status = MakeUpRequest.Status.APPROVED if approve else MakeUpRequest.Status.REJECTED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_note = note[:200]
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    credited = None
    if approve:
        a = Attendance.objects.filter(session=session, cadre=request.cadre_id).first()
        if a is None:
            a = Attendance(
                session=session,
                cadre_id=request.cadre_id,
                status=Status.ABSENT,
                method=Attendance.Method.MAKE_UP,
            )
        before = a.credited_hours
        a.recorded_by = actor
        a.credited_hours = hours.for_attendance(a, session, made_up=True)
        a.save()
        credited = {"from": str(before), "to": str(a.credited_hours)}
        hours_changed(session)
    audit.record(
        "cultivation.makeup.decided",
        actor=actor,
        obj=request,
        extra={"approved": approve, "note": note, "hours": credited},
    )
    notifications_attendance.makeup_decided(request)
    return request


# --- requirements --------------------------------------------------------------------------


@transaction.atomic
def requirement_save(*, actor, data: dict, requirement: HourRequirement | None = None):
    """Create or change an hour requirement: for a program, or for a year and a group of
    cadres (a unit subtree, optionally those with a tag)."""
    require(actor, "cultivation.manage_curriculum")
    errors = {}
    if not data.get("program") and not data.get("year"):
        errors["year"] = _("请填写年度或选择培养项目。")
    if data.get("hours") is not None and Decimal(data["hours"]) <= 0:
        errors["hours"] = _("应修学时须大于 0。")
    if errors:
        raise ValidationError(errors)
    created = requirement is None
    requirement = requirement or HourRequirement(organizer=actor.org_unit)
    before = audit.snapshot(requirement) if not created else {}
    for key in ("name", "hours", "program", "year", "unit", "tag"):
        setattr(requirement, key, data.get(key))
    requirement.save()
    audit.record(
        "cultivation.requirement.created" if created else "cultivation.requirement.updated",
        actor=actor,
        obj=requirement,
        changes=audit.diff(before, audit.snapshot(requirement)) if not created else None,
    )
    return requirement


# --- feedback ------------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(*, actor, session: Session, scores: dict, comment: str = ""):
    """An attendee rates the session once. The answer is stored with no link to them; a
    separate receipt records only that they answered (see the models)."""
    require(actor, "cultivation.give_feedback")
    cadre = selectors.own_cadre(actor)
    if (
        cadre is None
        or not Attendance.objects.filter(session=session, cadre=cadre, status__in=ATTENDED).exists()
    ):
        raise ValidationError(_("只有出席本次授课的学员可以评价。"))
    if session.ends_at > timezone.now():
        raise ValidationError(_("授课结束后才能评价。"))
    errors = {}
    for key in selectors.DIMENSIONS:
        value = scores.get(key)
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[key] = _("请选择 1 至 5 分。")
    if len(comment or "") > 500:
        errors["comment"] = _("意见建议不超过 500 字。")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            FeedbackReceipt.objects.create(session=session, cadre=cadre)
    except IntegrityError:
        raise ValidationError(_("您已评价过本次授课。")) from None
    SessionFeedback.objects.create(
        session=session,
        comment=(comment or "").strip(),
        submitted_on=timezone.localdate(),
        **{k: scores[k] for k in selectors.DIMENSIONS},
    )
    # The entry says that this cadre answered, never what: the scores stay unlinked.
    audit.record("cultivation.feedback.submitted", actor=actor, obj=session)
