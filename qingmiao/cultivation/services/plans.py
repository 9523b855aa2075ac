"""新苗培优: plan templates, plans created in bulk for a cohort, milestones done and confirmed.

A plan copies its template's themes and milestones when it is made (a later change to the
template does not rewrite plans under way); each milestone falls due so many months after the
cadre's hire date. Creating plans for a cohort is all-or-nothing and skips the cadres who
already have a plan (they are reported, not refused).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.accounts.roles import Role
from qingmiao.cadres.models import Cadre

from ..models import GrowthPlan, MentorPair, PlanMilestone, PlanTemplate, PlanTemplateMilestone
from ..phases import add_months
from ..uploads import check_document

MAX_MILESTONES = 36


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


# --- templates ------------------------------------------------------------------------------


def _clean_rows(rows: list[dict]) -> list[PlanTemplateMilestone]:
    if not rows:
        raise ValidationError({"milestones": _("请至少填写一个培养节点。")})
    if len(rows) > MAX_MILESTONES:
        raise ValidationError(
            {"milestones": _("培养节点不能超过 %(n)s 个。") % {"n": MAX_MILESTONES}}
        )
    out = []
    for i, row in enumerate(rows):
        title = (row.get("title") or "").strip()
        if not title:
            raise ValidationError({f"milestones.{i}.title": _("请填写节点名称。")})
        try:
            year, month = int(row.get("year") or 0), int(row.get("due_month") or 0)
        except (TypeError, ValueError):
            raise ValidationError(
                {f"milestones.{i}.due_month": _("请填写第几年、第几个月。")}
            ) from None
        if year not in (1, 2, 3):
            raise ValidationError({f"milestones.{i}.year": _("培养年度只能是第 1、2、3 年。")})
        first, last = 12 * (year - 1) + 1, 12 * year
        if not first <= month <= last:
            raise ValidationError(
                {
                    f"milestones.{i}.due_month": _(
                        "第 %(year)s 年的节点应在入职后第 %(a)s 至 %(b)s 个月。"
                    )
                    % {"year": year, "a": first, "b": last}
                }
            )
        out.append(
            PlanTemplateMilestone(
                year=year,
                title=title[:120],
                due_month=month,
                evidence_required=bool(row.get("evidence_required", True)),
            )
        )
    return out


@transaction.atomic
def plan_template_save(
    *, actor, data: dict, milestones: list[dict], template: PlanTemplate | None = None
) -> PlanTemplate:
    """Create or replace a template: name, the three yearly themes, its milestones (each row:
    year, title, due_month after hire, evidence_required). Plans already made keep theirs."""
    require(actor, "cultivation.manage_plans")
    if actor.org_unit_id is None:
        raise PermissionDenied("no unit")
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写模板名称。")})
    themes = {}
    for n in (1, 2, 3):
        theme = (data.get(f"theme_year{n}") or "").strip()
        if not theme:
            raise ValidationError({f"theme_year{n}": _("请填写第 %(n)s 年的主题。") % {"n": n}})
        themes[f"theme_year{n}"] = theme[:60]
    rows = _clean_rows(milestones)
    creating = template is None
    if template is None:
        template = PlanTemplate(organizer_id=actor.org_unit_id)
    elif (
        not scoping.unit_subtree_filter(actor, "organizer")
        or not PlanTemplate.objects.filter(
            scoping.unit_subtree_filter(actor, "organizer"), pk=template.pk
        ).exists()
    ):
        raise PermissionDenied("template outside scope")
    template.name = name[:80]
    for key, value in themes.items():
        setattr(template, key, value)
    template.save()
    template.milestones.all().delete()
    for row in rows:
        row.template = template
    PlanTemplateMilestone.objects.bulk_create(rows)
    audit.record(
        "cultivation.plan_template.saved",
        actor=actor,
        obj=template,
        changes={
            "name": template.name,
            **themes,
            "milestones": [f"{r.due_month}·{r.title}" for r in rows],
            "created": creating,
        },
    )
    return template


# --- plans for a cohort ---------------------------------------------------------------------


@transaction.atomic
def plans_create(*, actor, template: PlanTemplate, cadre_ids: list[int], program=None) -> dict:
    """One plan per cadre of the cohort from `template`, with the template's milestones due
    from each cadre's hire date. Cadres who already have a plan, or have no hire date on
    record, are skipped and named in the result; the rest are created together or not at all.
    Returns {"created": n, "skipped": [names], "without_hire_date": [names]}."""
    require(actor, "cultivation.manage_plans")
    cadres = list(
        scoping.visible(actor, Cadre)
        .filter(pk__in=set(cadre_ids))
        .order_by("pk")
        .only("pk", "name", "hire_date")
    )
    if len(cadres) != len(set(cadre_ids)):
        raise ValidationError({"cadres": _("名单中有不在您管理范围内的干部。")})
    if not cadres:
        raise ValidationError({"cadres": _("所选范围内没有干部。")})
    having = set(
        GrowthPlan.objects.filter(cadre_id__in=[c.pk for c in cadres]).values_list(
            "cadre_id", flat=True
        )
    )
    skipped = [c.name for c in cadres if c.pk in having]
    undated = [c.name for c in cadres if c.pk not in having and c.hire_date is None]
    todo = [c for c in cadres if c.pk not in having and c.hire_date is not None]
    steps = list(template.milestones.order_by("due_month", "id"))
    plans = [
        GrowthPlan(
            cadre=c,
            template=template,
            program=program,
            start_date=c.hire_date,
            theme_year1=template.theme_year1,
            theme_year2=template.theme_year2,
            theme_year3=template.theme_year3,
            created_by=actor,
        )
        for c in todo
    ]
    GrowthPlan.objects.bulk_create(plans, batch_size=1000)
    PlanMilestone.objects.bulk_create(
        [
            PlanMilestone(
                plan=plan,
                year=step.year,
                title=step.title,
                due_date=add_months(plan.start_date, step.due_month),
                evidence_required=step.evidence_required,
            )
            for plan in plans
            for step in steps
        ],
        batch_size=2000,
    )
    result = {"created": len(plans), "skipped": skipped, "without_hire_date": undated}
    audit.record(
        "cultivation.plans.created",
        actor=actor,
        obj=template,
        changes={
            "program": str(program) if program else "",
            "created": len(plans),
            "skipped": len(skipped),
            "without_hire_date": len(undated),
        },
    )
    return result


# --- milestones -----------------------------------------------------------------------------


@transaction.atomic
def milestone_mark_done(
    *, actor, milestone: PlanMilestone, evidence: str = "", evidence_file=None
) -> PlanMilestone:
    """The cadre reports a milestone done, with what they did and/or a file; a milestone that
    asks for evidence is refused without either. Reporting again (before confirmation)
    replaces the report."""
    require(actor, "cultivation.update_own_plan")
    milestone = (
        PlanMilestone.objects.select_for_update().select_related("plan__cadre").get(pk=milestone.pk)
    )
    if milestone.plan.cadre.user_id != actor.pk:
        raise PermissionDenied("not the cadre's own plan")
    if milestone.confirmed_by_id:
        raise ValidationError({"evidence": _("该节点已经确认，不能再修改。")})
    evidence = (evidence or "").strip()
    if milestone.evidence_required and not evidence and evidence_file is None:
        raise ValidationError({"evidence": _("该节点须提供佐证：请填写完成情况或上传佐证材料。")})
    check_document(evidence_file, field="evidence_file", photos=True)
    milestone.evidence = evidence
    if evidence_file is not None:
        milestone.evidence_file.save(evidence_file.name, evidence_file, save=False)
    milestone.done_at = timezone.now()
    milestone.save()
    audit.record(
        "cultivation.milestone.done",
        actor=actor,
        obj=milestone,
        changes={"evidence": evidence, "evidence_file": milestone.evidence_file.name or ""},
    )
    return milestone


def may_confirm(user, milestone: PlanMilestone) -> bool:
    """Staff who manage plans (within their scope) or one of the cadre's active mentors."""
    if user.has_perm("cultivation.manage_plans"):
        return scoping.visible(user, PlanMilestone).filter(pk=milestone.pk).exists()
    if user.role == Role.MENTOR:
        return MentorPair.objects.filter(
            mentor=user, mentee_id=milestone.plan.cadre_id, status="active"
        ).exists()
    return False


@transaction.atomic
def milestone_confirm(*, actor, milestone: PlanMilestone) -> PlanMilestone:
    """Staff or a mentor confirm a milestone the cadre reported done."""
    milestone = (
        PlanMilestone.objects.select_for_update().select_related("plan").get(pk=milestone.pk)
    )
    if not may_confirm(actor, milestone):
        raise PermissionDenied("may not confirm")
    if milestone.done_at is None:
        raise ValidationError({"milestone": _("干部尚未填报完成情况，不能确认。")})
    if milestone.confirmed_by_id:
        raise ValidationError({"milestone": _("该节点已经确认。")})
    milestone.confirmed_by = actor
    milestone.save(update_fields=["confirmed_by"])
    audit.record("cultivation.milestone.confirmed", actor=actor, obj=milestone)
    return milestone


@transaction.atomic
def milestone_return(*, actor, milestone: PlanMilestone, reason: str) -> PlanMilestone:
    """Send a reported milestone back to the cadre (not done after all), with the reason."""
    milestone = (
        PlanMilestone.objects.select_for_update().select_related("plan").get(pk=milestone.pk)
    )
    if not may_confirm(actor, milestone):
        raise PermissionDenied("may not return")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写退回理由。")})
    if milestone.done_at is None or milestone.confirmed_by_id:
        raise ValidationError({"milestone": _("只有已填报、未确认的节点可以退回。")})
    milestone.done_at = None
    milestone.save(update_fields=["done_at"])
    audit.record(
        "cultivation.milestone.returned", actor=actor, obj=milestone, changes={"reason": reason}
    )
    return milestone
