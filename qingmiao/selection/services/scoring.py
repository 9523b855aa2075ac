from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit

from .. import ranking
from ..models import RaterAssignment, Score, ScoreSheet, StageStatus
from ..windows import scoring_window
from ._common import require, require_manager
from .ranking_store import ranking_changed


def _check_open(stage) -> None:
    window = scoring_window(stage)
    if not window.open:
        raise ValidationError(window.message, code=window.code)


@transaction.atomic
def sheet_save(
    *, actor, assignment: RaterAssignment, values: dict, comment: str = "", submit: bool = False
) -> ScoreSheet:
    """Save a rater's sheet as a draft, or submit it. `values` maps a dimension id to
    (points, comment). A submitted sheet is locked. Every value must lie within 0 and the
    dimension's maximum; submitting needs every dimension scored. All or nothing."""
    require(actor, "selection.score")
    if assignment.rater_id != actor.pk:
        raise PermissionDenied("not this rater's assignment")
    stage = assignment.stage
    _check_open(stage)
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(assignment=assignment)
    if sheet.status == ScoreSheet.Status.SUBMITTED:
        raise ValidationError(_("评分表已提交并锁定，如需修改请联系管理员。"), code="locked")
    dimensions = {d.pk: d for d in stage.dimensions.all()}
    errors: dict[str, list[str]] = {}
    clean: dict[int, tuple[Decimal, str]] = {}
    cleared: set[int] = set()  # sent empty: the rater erased an earlier draft value
    for dim_id, (raw, note) in values.items():
        dim = dimensions.get(int(dim_id))
        if dim is None:
            raise ValidationError(_("评分维度不属于该关卡。"))
        if raw in (None, ""):
            cleared.add(dim.pk)
            continue
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            errors[f"dim_{dim.pk}"] = [_("请输入数字。")]
            continue
        if not value.is_finite() or value < 0 or value > dim.max_score:
            errors[f"dim_{dim.pk}"] = [
                _("“%(name)s”的得分须在 0 到 %(max)s 之间。")
                % {"name": dim.name, "max": f"{dim.max_score.normalize():f}"}
            ]
            continue
        clean[dim.pk] = (value.quantize(Decimal("0.01")), (note or "").strip()[:300])
    if submit:
        for dim in dimensions.values():
            if dim.pk not in clean and f"dim_{dim.pk}" not in errors:
                errors[f"dim_{dim.pk}"] = [_("提交前请为“%(name)s”打分。") % {"name": dim.name}]
    if errors:
        raise ValidationError(errors)
    existing = {s.dimension_id: s for s in sheet.scores.all()}
    for dim_id in cleared & set(existing):
        existing.pop(dim_id).delete()
    for dim_id, (value, note) in clean.items():
        score = existing.get(dim_id) or Score(sheet=sheet, dimension_id=dim_id)
        score.value, score.comment = value, note
        score.save()
    sheet.comment = (comment or "").strip()
    current = {s.dimension_id: s.value for s in sheet.scores.all()}
    if len(current) == len(dimensions):
        total = ranking.weighted_total(
            current, {d.pk: (d.weight, d.max_score) for d in dimensions.values()}
        )
        sheet.total = Decimal(str(round(total, 3)))
    else:
        sheet.total = None
    if submit:
        sheet.status = ScoreSheet.Status.SUBMITTED
        sheet.submitted_at = timezone.now()
    sheet.save()
    if submit:
        ranking_changed(stage)
    audit.record(
        "selection.score.submitted" if submit else "selection.score.saved",
        actor=actor,
        obj=sheet,
        extra={
            "stage": stage.pk,
            "entry": assignment.entry.code,
            "values": {str(dimensions[d].name): str(v) for d, v in current.items()},
            "total": str(sheet.total) if sheet.total is not None else None,
        },
    )
    return sheet


@transaction.atomic
def sheet_reopen(*, actor, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """Unlock a submitted sheet so the rater can correct it. Needs an administrator and a
    written reason; the reopening and its reason are audited."""
    require(actor, "selection.reopen_sheet")
    stage = sheet.assignment.stage
    require_manager(actor, stage.program)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写重新开放的理由。")})
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != ScoreSheet.Status.SUBMITTED:
        raise ValidationError(_("该评分表尚未提交，无需重新开放。"))
    if stage.status == StageStatus.DECIDED:
        raise ValidationError(_("该关卡已确定晋级结果，评分表不能再开放。"))
    sheet.status = ScoreSheet.Status.DRAFT
    sheet.submitted_at = None
    sheet.save(update_fields=["status", "submitted_at", "updated_at"])
    ranking_changed(stage)
    audit.record(
        "selection.score.reopened",
        actor=actor,
        obj=sheet,
        changes={"status": {"before": "submitted", "after": "draft"}},
        extra={"reason": reason.strip(), "rater": sheet.assignment.rater.username},
    )
    return sheet
