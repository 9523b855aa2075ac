from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit

from .. import notifications
from ..models import AdvancementRule, Dimension, Stage, StageStatus
from ..selectors_funnel import funnel_changed
from ._common import require_manager
from .ranking_store import ranking_changed


def _validate(stage: Stage) -> None:
    errors = {}
    rule, value = stage.advancement_rule, stage.rule_value
    if rule != AdvancementRule.MANUAL and value is None:
        errors["rule_value"] = _("请填写晋级规则参数。")
    elif rule == AdvancementRule.TOP_N and value is not None and (value < 1 or value != int(value)):
        errors["rule_value"] = _("晋级人数须为正整数。")
    elif rule == AdvancementRule.TOP_PERCENT and value is not None and not 0 < value <= 100:
        errors["rule_value"] = _("晋级比例须在 0 到 100 之间。")
    elif rule == AdvancementRule.CUT_LINE and value is not None and not 0 <= value <= 100:
        errors["rule_value"] = _("分数线须在 0 到 100 之间（百分制）。")
    if stage.scoring_opens and stage.scoring_closes and stage.scoring_closes <= stage.scoring_opens:
        errors["scoring_closes"] = _("评分截止时间必须晚于评分开始时间。")
    if stage.raters_per_candidate < 1:
        errors["raters_per_candidate"] = _("每名考生至少需要 1 名评委。")
    if (
        Stage.objects.filter(program_id=stage.program_id, order=stage.order)
        .exclude(pk=stage.pk)
        .exists()
    ):
        errors["order"] = _("该项目已有顺序为 %(n)s 的关卡。") % {"n": stage.order}
    if errors:
        raise ValidationError(errors)


def _dimension_rows(stage: Stage, rows: list[dict]) -> list[tuple[Dimension, dict]]:
    """Each row's dimension (an existing one of this stage, or a new one), checked: ids must
    be the stage's own and listed once, names unique, and each row valid for the model.
    Errors are keyed `dimensions.<position>.<field>` so a page can put them on the row and the
    API under the item, and `dimensions` for the scheme as a whole."""
    existing = {d.pk: d for d in stage.dimensions.all()} if stage.pk else {}
    errors: dict[str, str | list] = {}
    seen_ids: set[int] = set()
    seen_names: list[str] = []
    out = []
    for i, row in enumerate(rows):
        pk = row.get("id")
        if pk is not None:
            if pk not in existing:
                errors[f"dimensions.{i}.id"] = _("评分维度不属于该关卡。")
                continue
            if pk in seen_ids:
                errors[f"dimensions.{i}.id"] = _("评分维度“%(name)s”重复。") % {
                    "name": existing[pk].name
                }
                continue
            seen_ids.add(pk)
        dimension = existing[pk] if pk is not None else Dimension(stage=stage)
        for name in ("name", "weight", "max_score"):
            if name in row:
                setattr(dimension, name, row[name])
        try:
            dimension.full_clean(exclude=["stage", "sort"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"dimensions.{i}.{field}"] = messages
            continue
        if dimension.name in seen_names:
            errors.setdefault(
                "dimensions", _("评分维度“%(name)s”重复。") % {"name": dimension.name}
            )
        seen_names.append(dimension.name)
        out.append((dimension, row))
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def stage_save(*, actor, stage: Stage, dimensions: list[dict] | None = None) -> Stage:
    """Create or edit a stage and, when `dimensions` is given, its whole scoring scheme: a list
    of {"id" (an existing dimension; absent for a new one), "name", "weight", "max_score"} in
    the order shown; listed dimensions are changed, new ones added after the existing ones,
    those not listed removed. Once scoring has begun the scheme is frozen: every rater must
    have scored against the same dimensions and weights."""
    require_manager(actor, stage.program)
    if stage.pk:
        current = Stage.objects.select_for_update().get(pk=stage.pk)
        if current.status != StageStatus.PENDING:
            raise ValidationError(_("评分开始后不能修改关卡设置。"))
        before = audit.snapshot(current)
    else:
        before = {}
    stage.full_clean(exclude=["program"])
    _validate(stage)
    checked = _dimension_rows(stage, dimensions) if dimensions is not None else None
    stage.save()
    if checked is not None:
        kept = [d.pk for d, _row in checked if d.pk]
        stage.dimensions.exclude(pk__in=kept).delete()
        # Existing dimensions keep their place ahead of new ones.
        ordered = [d for d, _row in checked if d.pk] + [d for d, _row in checked if not d.pk]
        for position, dimension in enumerate(ordered):
            dimension.stage = stage
            dimension.sort = position
            dimension.save()
    ranking_changed(stage)
    funnel_changed(stage.program_id)
    audit.record(
        "selection.stage.saved",
        actor=actor,
        obj=stage,
        changes=audit.diff(before, audit.snapshot(stage)),
    )
    notifications.schedule_closing_reminder(stage=stage)
    return stage


@transaction.atomic
def stage_open_scoring(*, actor, stage: Stage) -> Stage:
    require_manager(actor, stage.program)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.status != StageStatus.PENDING:
        raise ValidationError(_("该关卡已开始评分。"))
    if not stage.entries.exists():
        raise ValidationError(_("该关卡还没有考生。"))
    if not stage.dimensions.exists():
        raise ValidationError(_("请先设置评分维度。"))
    if not stage.assignments.exists():
        raise ValidationError(_("请先分配评委。"))
    stage.status = StageStatus.SCORING
    stage.save(update_fields=["status"])
    ranking_changed(stage)
    audit.record("selection.stage.scoring_opened", actor=actor, obj=stage)
    notifications.scoring_opened(stage=stage)
    return stage
