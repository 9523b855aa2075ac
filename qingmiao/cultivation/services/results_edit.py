"""Correcting a deliverable and what became of it.

The cadre who submitted a deliverable may correct it until an outcome is recorded (采纳, 转化 or
纳入规划: from then on it is the record an outside body acted on); staff who record results may
correct a deliverable and its outcomes at any time. Every correction is audited with each
changed field before → after; a refusal names the field and changes nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit

from ..models import Deliverable, DeliverableOutcome, TeamMember
from ..uploads import check_document
from .results import _credit, _deliverable_fields, _names, _require_program, outcome_fields

DELIVERABLE_FIELDS = ["kind", "title", "summary", "team", "submitted_on", "file"]
OUTCOME_FIELDS = ["body", "date", "evidence", "evidence_file"]


def submitter_may_edit(actor, deliverable: Deliverable) -> bool:
    """The submitter's own deliverable, while nothing has been recorded of what became of it
    (pages show the 修改 button on the same rule)."""
    return (
        actor.has_perm("cultivation.submit_deliverable")
        and deliverable.created_by_id == actor.pk
        and not deliverable.outcomes.exists()
    )


def _picture(deliverable: Deliverable) -> dict:
    return {
        **audit.snapshot(deliverable, DELIVERABLE_FIELDS),
        "authors": sorted(_names(deliverable.authors.all())),
    }


@transaction.atomic
def deliverable_update(*, actor, deliverable: Deliverable, data: dict) -> Deliverable:
    """Correct a deliverable: kind, title, summary, date, authors (and, for staff, the team),
    and replace its file when a new one is given (`data["file"]`)."""
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    staff = actor.has_perm("cultivation.record_results")
    if staff:
        _require_program(actor, deliverable.program)
    elif deliverable.created_by_id != actor.pk or not actor.has_perm(
        "cultivation.submit_deliverable"
    ):
        raise PermissionDenied("not the submitter")
    elif deliverable.outcomes.exists():
        raise ValidationError(
            _("该成果已登记采纳或转化情况，不能再修改；如需更正，请联系组织部门。")
        )
    fields = _deliverable_fields(data)
    first_outcome = deliverable.outcomes.order_by("date").values_list("date", flat=True).first()
    if first_outcome is not None and fields["submitted_on"] > first_outcome:
        raise ValidationError({"submitted_on": _("提交日期不能晚于已登记的采纳或转化日期。")})
    if staff:
        team, authors = _credit(
            actor,
            deliverable.program,
            data.get("team", deliverable.team),
            data.get("authors", list(deliverable.authors.all())),
            "authors",
        )
    else:
        team = deliverable.team
        members = {
            m.cadre_id: m.cadre
            for m in TeamMember.objects.filter(team=team).select_related("cadre")
        }
        authors = list(data.get("authors") or []) or list(deliverable.authors.all())
        outsiders = [c.name for c in authors if c.pk not in members]
        if outsiders:
            raise ValidationError(
                {"authors": _("执笔人须是本组成员：%(names)s") % {"names": "、".join(outsiders)}}
            )
    upload = data.get("file")
    check_document(upload, field="file")
    before = _picture(deliverable)
    for key, value in fields.items():
        setattr(deliverable, key, value)
    deliverable.team = team
    if upload is not None:
        deliverable.file.save(upload.name, upload, save=False)
    deliverable.save()
    deliverable.authors.set(authors)
    changes = audit.diff(before, _picture(deliverable))
    if changes:
        audit.record(
            "cultivation.deliverable.updated", actor=actor, obj=deliverable, changes=changes
        )
    return deliverable


@transaction.atomic
def outcome_update(*, actor, outcome: DeliverableOutcome, data: dict) -> DeliverableOutcome:
    """Staff correct a recorded outcome: the body, the date, the evidence and its document
    (replaced when a new one is given). The kind stays: record another kind instead."""
    if not actor.has_perm("cultivation.record_results"):
        raise PermissionDenied("cultivation.record_results")
    outcome = (
        DeliverableOutcome.objects.select_for_update()
        .select_related("deliverable")
        .get(pk=outcome.pk)
    )
    deliverable = outcome.deliverable
    _require_program(actor, deliverable.program)
    body, when, evidence, upload = outcome_fields(deliverable, data)
    before = audit.snapshot(outcome, OUTCOME_FIELDS)
    outcome.body, outcome.date, outcome.evidence = body, when, evidence
    if upload is not None:
        outcome.evidence_file.save(upload.name, upload, save=False)
    outcome.save()
    changes = audit.diff(before, audit.snapshot(outcome, OUTCOME_FIELDS))
    if changes:
        audit.record(
            "cultivation.outcome.updated",
            actor=actor,
            obj=deliverable,
            changes=changes,
            extra={"outcome": outcome.pk, "kind": outcome.kind},
        )
    return outcome
