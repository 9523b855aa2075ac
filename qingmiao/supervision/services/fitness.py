"""Fitness reviews (适岗情况与能力水平分析): a programme's schedule, the reviews it opens, and
the judgement a reviewer records.

A review falls due on the schedule (see fitness.py) and is written as a row when its window
opens, so that what is due or overdue is one indexed query and a reviewer records onto that
row. Opening is idempotent: the daily reminders and saving a schedule both run it.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.cadres.models import Cadre
from qingmiao.selection import selectors as selection_selectors

from .. import fitness
from ..models import FitnessReview, FitnessSchedule
from ..selectors import fitness as selectors

REVIEW_FIELDS = ("judgement", "reasons", "strengths", "weaknesses")
TEXT_LIMIT = 2000


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


@transaction.atomic
def schedule_save(*, actor, program, data: dict, today: date | None = None) -> FitnessSchedule:
    """Set (or change) the programme's schedule and open the reviews already due. Only those
    who manage the programme may (a unit officer records reviews, it does not set them)."""
    require(actor, "supervision.review_fitness")
    if not selection_selectors.manages(actor, program):
        raise PermissionDenied("selection.manage_program")
    interval = data.get("interval_months")
    if not isinstance(interval, int) or not 1 <= interval <= 24:
        raise ValidationError({"interval_months": _("分析周期须在 1 至 24 个月之间。")})
    lead = data.get("lead_days", 30)
    if not isinstance(lead, int) or not 0 <= lead <= 90:
        raise ValidationError({"lead_days": _("提前开启天数须在 0 至 90 天之间。")})
    schedule = FitnessSchedule.objects.filter(program=program).first()
    before = audit.snapshot(schedule) if schedule else {}
    if schedule is None:
        schedule = FitnessSchedule(program=program, created_by=actor)
    schedule.interval_months = interval
    schedule.lead_days = lead
    schedule.active = bool(data.get("active", True))
    schedule.save()
    opened = reviews_open(schedule=schedule, today=today or timezone.localdate())
    audit.record(
        "supervision.fitness_schedule.saved",
        actor=actor,
        obj=schedule,
        changes={**audit.diff(before, audit.snapshot(schedule)), "opened": opened},
    )
    return schedule


def reviews_open(*, schedule: FitnessSchedule, today: date) -> int:
    """Write a due row for every participant's review whose window has opened by `today`
    (those already written are kept as they are). Returns how many were written."""
    if not schedule.active:
        return 0
    until = fitness.opens_by(today, schedule.lead_days)
    start = schedule.program.start_date
    rows = []
    for cadre in selectors.cohort(schedule).iterator(chunk_size=2000):
        base = cadre.hire_date or start
        if base is None:
            continue
        previous = base
        for due in fitness.due_dates(base, schedule.interval_months, until=until):
            rows.append(
                FitnessReview(
                    cadre_id=cadre.pk,
                    schedule=schedule,
                    due_date=due,
                    period_start=previous,
                    period_end=due,
                )
            )
            previous = due
    with transaction.atomic():
        before = FitnessReview.objects.filter(schedule=schedule).count()
        FitnessReview.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        return FitnessReview.objects.filter(schedule=schedule).count() - before


def _clean(data: dict) -> dict:
    errors = {}
    judgement = data.get("judgement") or ""
    if judgement not in FitnessReview.Judgement.values:
        errors["judgement"] = _("请选择适岗评价（胜任、基本胜任或不胜任）。")
    reasons = (data.get("reasons") or "").strip()
    if not reasons:
        errors["reasons"] = _("请写明评价理由。")
    for name in ("reasons", "strengths", "weaknesses"):
        if len((data.get(name) or "").strip()) > TEXT_LIMIT:
            errors[name] = _("不能超过 %(n)s 字。") % {"n": TEXT_LIMIT}
    if errors:
        raise ValidationError(errors)
    return {
        "judgement": judgement,
        "reasons": reasons,
        "strengths": (data.get("strengths") or "").strip(),
        "weaknesses": (data.get("weaknesses") or "").strip(),
    }


@transaction.atomic
def review_record(*, actor, review: FitnessReview, data: dict) -> FitnessReview:
    """Record (or correct) the judgement on a review. The caller fetched `review` through
    `managed_review_get`, so it is in the actor's scope."""
    require(actor, "supervision.review_fitness")
    clean = _clean(data)
    review = FitnessReview.objects.select_for_update().get(pk=review.pk)
    before = audit.snapshot(review, [*REVIEW_FIELDS, "status"])
    for key, value in clean.items():
        setattr(review, key, value)
    review.status = FitnessReview.Status.DONE
    review.reviewer = actor
    review.reviewed_on = timezone.localdate()
    review.save()
    audit.record(
        "supervision.fitness_review.recorded",
        actor=actor,
        obj=review,
        changes=audit.diff(before, audit.snapshot(review, [*REVIEW_FIELDS, "status"])),
    )
    return review


@transaction.atomic
def review_create(*, actor, cadre: Cadre, data: dict) -> FitnessReview:
    """A review outside any schedule (on a transfer, before a promotion): the period it covers
    and the judgement, recorded at once. The caller fetched `cadre` through the scoped getter."""
    require(actor, "supervision.review_fitness")
    errors: dict[str, str | list[str]] = {}
    start, end = data.get("period_start"), data.get("period_end")
    if not isinstance(start, date):
        errors["period_start"] = _("请填写分析期间的起始日期。")
    if not isinstance(end, date):
        errors["period_end"] = _("请填写分析期间的截止日期。")
    elif isinstance(start, date) and end < start:
        errors["period_end"] = _("截止日期不能早于起始日期。")
    elif end > timezone.localdate():
        errors["period_end"] = _("截止日期不能晚于今天。")
    try:
        clean = _clean(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors or not isinstance(start, date) or not isinstance(end, date):
        raise ValidationError(errors)
    review = FitnessReview.objects.create(
        cadre=cadre,
        due_date=end,
        period_start=start,
        period_end=end,
        status=FitnessReview.Status.DONE,
        reviewer=actor,
        reviewed_on=timezone.localdate(),
        **clean,
    )
    audit.record(
        "supervision.fitness_review.recorded",
        actor=actor,
        obj=review,
        changes=audit.diff({}, audit.snapshot(review, [*REVIEW_FIELDS, "status"])),
    )
    return review
