"""Monthly rounds (月度考察): opening one for a cohort, and the inspectors' and hosts' scoring.

The cohort is copied into member rows when the round opens (a later change to the program does
not rewrite the round); each member keeps the practice assignment whose host contact evaluates
them. Scoring is refused once the round has closed (see rounds_close for closing/reopening).
"""

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.accounts.roles import Role
from qingmiao.cadres.models import Cadre
from qingmiao.cultivation import uploads
from qingmiao.cultivation.models import PracticeAssignment
from qingmiao.cultivation.selectors import results as cultivation_results

from .. import notifications_rounds, scoring_rounds
from ..models import DimensionScore, Round, RoundMember, ScorePhoto
from .schemes import freeze, require

MAX_PHOTOS = 6


def month_bounds(month: date) -> tuple[date, date]:
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=1), month.replace(day=last)


def _assignments(month: date, cadre_ids=None, kind: str = "") -> dict[int, PracticeAssignment]:
    """The practice assignment of each cadre that runs during the month (the one with a host
    contact first, then the latest), one query."""
    first, last = month_bounds(month)
    rows = PracticeAssignment.objects.filter(start_date__lte=last, end_date__gte=first)
    if cadre_ids is not None:
        rows = rows.filter(cadre_id__in=cadre_ids)
    if kind:
        rows = rows.filter(kind=kind)
    found: dict[int, PracticeAssignment] = {}
    for a in rows.select_related("host_contact").order_by("-start_date", "-pk"):
        kept = found.get(a.cadre_id)
        if kept is None or (kept.host_contact_id is None and a.host_contact_id):
            found[a.cadre_id] = a
    return found


def _cohort(actor, data: dict, month: date) -> list[tuple[Cadre, PracticeAssignment | None]]:
    source = data.get("source")
    if source == Round.Source.PROGRAM:
        program = data.get("program")
        if program is None:
            raise ValidationError({"program": _("请选择培养项目。")})
        cadres = list(cultivation_results.program_participants(actor, program))
        found = _assignments(month, [c.pk for c in cadres])
        return [(c, found.get(c.pk)) for c in cadres]
    if source == Round.Source.PRACTICE:
        kind = data.get("practice_kind") or ""
        if kind not in PracticeAssignment.Kind.values:
            raise ValidationError({"practice_kind": _("请选择锻炼类型。")})
        found = _assignments(month, kind=kind)
        visible = scoping.visible(actor, Cadre).filter(pk__in=list(found))
        return [(c, found[c.pk]) for c in visible.order_by("name_pinyin", "pk")]
    if source == Round.Source.PICKED:
        ids = [c.pk for c in data.get("cadres") or []]
        cadres = list(scoping.visible(actor, Cadre).filter(pk__in=ids).order_by("name_pinyin"))
        if len(cadres) != len(set(ids)):
            raise ValidationError({"cadres": _("所选干部中有不在您管理范围内的。")})
        found = _assignments(month, ids)
        return [(c, found.get(c.pk)) for c in cadres]
    raise ValidationError({"source": _("请选择考察对象的来源。")})


@transaction.atomic
def round_create(*, actor, data: dict) -> Round:
    require(actor, "supervision.manage_rounds")
    errors = {}
    scheme = data.get("scheme")
    month = data.get("month")
    title = (data.get("title") or "").strip()
    cohort_name = (data.get("cohort") or "").strip()
    inspectors = list(data.get("inspectors") or [])
    if scheme is None:
        errors["scheme"] = _("请选择考察方案。")
    if not isinstance(month, date):
        errors["month"] = _("请选择考察月份。")
    if not title:
        errors["title"] = _("请填写考察名称。")
    if not cohort_name:
        errors["cohort"] = _("请填写考察对象名称，同一批对象逐月考察时名称保持一致。")
    if not inspectors:
        errors["inspectors"] = _("请选择考察组成员。")
    elif any(u.role != Role.INSPECTOR or not u.is_active for u in inspectors):
        errors["inspectors"] = _("考察组成员须为考察组账号。")
    if errors or scheme is None or not isinstance(month, date):
        raise ValidationError(errors)
    month = month.replace(day=1)
    if Round.objects.filter(organizer=actor.org_unit, cohort=cohort_name, month=month).exists():
        raise ValidationError({"month": _("这批对象本月已有考察。")})
    members = _cohort(actor, data, month)
    if not members:
        raise ValidationError({"source": _("按所选来源没有找到考察对象。")})
    version = scheme.current
    freeze(version)
    round_ = Round.objects.create(
        title=title,
        cohort=cohort_name,
        month=month,
        version=version,
        organizer=actor.org_unit,
        source=data["source"],
        program=data.get("program") if data["source"] == Round.Source.PROGRAM else None,
        practice_kind=data.get("practice_kind") or "",
        asks_host=bool(data.get("asks_host", True)),
        created_by=actor,
    )
    round_.inspectors.set(inspectors)
    rows = RoundMember.objects.bulk_create(
        RoundMember(round=round_, cadre=c, assignment=a) for c, a in members
    )
    for row, (_cadre, assignment) in zip(rows, members, strict=True):
        row.assignment = assignment
    audit.record(
        "supervision.round.created",
        actor=actor,
        obj=round_,
        extra={"version": version.pk, "members": len(rows), "month": f"{month:%Y-%m}"},
    )
    notifications_rounds.round_opened(round_, rows)
    return round_


def _refuse_closed(round_: Round) -> None:
    if not round_.is_open:
        raise ValidationError(
            _("本次考察已结束，评分不能再修改；确需修改的，请组织部门说明理由后重新开启。")
        )


def _locked_member(member: RoundMember) -> RoundMember:
    member = (
        RoundMember.objects.select_for_update().select_related("round__version").get(pk=member.pk)
    )
    # The round row too, so a close cannot slip in between the check and the write.
    Round.objects.select_for_update().filter(pk=member.round_id).exists()
    member.round.refresh_from_db(fields=["status"])
    return member


@transaction.atomic
def member_score(*, actor, member: RoundMember, data: dict) -> RoundMember:
    """An inspector's scores for one cadre: every dimension (with its note), the ledger check
    and the notes on task completion. All or nothing; a second save replaces the first while
    the round is open."""
    require(actor, "supervision.score_round")
    member = _locked_member(member)
    round_ = member.round
    if not round_.inspectors.filter(pk=actor.pk).exists():
        raise PermissionDenied("not on the inspection team")
    _refuse_closed(round_)
    version = round_.version
    scale = {"low": version.scale_min, "high": version.scale_max, "step": version.scale_step}
    errors: dict = {}
    values = {}
    given = data.get("scores") or {}
    for dimension in version.dimensions.all():
        field = f"score_{dimension.pk}"
        raw = given.get(dimension.pk, given.get(str(dimension.pk)))
        if raw in (None, ""):
            errors[field] = _("请给“%(name)s”评分。") % {"name": dimension.name}
            continue
        try:
            values[dimension] = scoring_rounds.check_score(raw, field=field, **scale)
        except ValidationError as exc:
            errors |= exc.message_dict
    ledger = data.get("ledger_score")
    if version.weight_ledger:
        if ledger in (None, ""):
            errors["ledger_score"] = _("请给台账检查评分。")
        else:
            try:
                ledger = scoring_rounds.check_score(ledger, field="ledger_score", **scale)
            except ValidationError as exc:
                errors |= exc.message_dict
    else:
        ledger = None
    if errors:
        raise ValidationError(errors)
    notes = data.get("notes") or {}
    member.scores.all().delete()
    DimensionScore.objects.bulk_create(
        DimensionScore(
            member=member,
            dimension=d,
            value=v,
            note=(notes.get(d.pk) or notes.get(str(d.pk)) or "")[:300],
        )
        for d, v in values.items()
    )
    member.ledger_score = ledger
    member.ledger_note = (data.get("ledger_note") or "").strip()
    member.task_note = (data.get("task_note") or "").strip()
    member.scored_by = actor
    member.scored_at = timezone.now()
    member.save()
    audit.record(
        "supervision.member.scored",
        actor=actor,
        obj=member,
        extra={
            "scores": {d.name: str(v) for d, v in values.items()},
            "ledger_score": str(ledger) if ledger is not None else "",
        },
    )
    return member


@transaction.atomic
def photo_add(*, actor, member: RoundMember, upload) -> ScorePhoto:
    require(actor, "supervision.score_round")
    member = _locked_member(member)
    if not member.round.inspectors.filter(pk=actor.pk).exists():
        raise PermissionDenied("not on the inspection team")
    _refuse_closed(member.round)
    if upload is None:
        raise ValidationError({"photo": _("请选择照片。")})
    uploads.check_document(upload, field="photo", photos=True)
    if uploads._kind_of(upload) not in ("jpeg", "png"):
        raise ValidationError({"photo": _("现场照片只能是 JPG 或 PNG 图片。")})
    if member.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"photo": _("每名干部最多上传 %(n)s 张照片。") % {"n": MAX_PHOTOS}})
    photo = ScorePhoto.objects.create(member=member, file=upload, uploaded_by=actor)
    audit.record("supervision.photo.added", actor=actor, obj=member, extra={"photo": photo.pk})
    return photo


def host_may_evaluate(user, member: RoundMember) -> bool:
    assignment = member.assignment
    return bool(
        member.round.asks_host and assignment is not None and assignment.host_contact_id == user.pk
    )


@transaction.atomic
def host_evaluate(*, actor, member: RoundMember, data: dict) -> RoundMember:
    """The host contact's evaluation of a cadre it hosts, on the scheme's scale."""
    require(actor, "supervision.evaluate_round")
    member = _locked_member(member)
    if not host_may_evaluate(actor, member):
        raise PermissionDenied("not this cadre's host")
    _refuse_closed(member.round)
    v = member.round.version
    raw = data.get("host_score")
    if raw in (None, ""):
        raise ValidationError({"host_score": _("请评分。")})
    score = scoring_rounds.check_score(
        raw, field="host_score", low=v.scale_min, high=v.scale_max, step=v.scale_step
    )
    member.host_score = score
    member.host_note = (data.get("host_note") or "").strip()
    member.host_at = timezone.now()
    member.save(update_fields=["host_score", "host_note", "host_at"])
    audit.record(
        "supervision.member.host_evaluated",
        actor=actor,
        obj=member,
        extra={"host_score": str(score)},
    )
    return member


def members_unscored(round_: Round):
    return round_.members.filter(Q(scored_at__isnull=True))
