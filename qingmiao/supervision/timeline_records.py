"""What 管 · the growth record (成长纪实档案) timeline, fitness reviews
(适岗情况与能力水平分析), the record as .docx and PDF adds to a cadre's growth
record (registered on import; see timeline.py).

The sources for what selection and cultivation already hold (applications and stage results;
courses and hours, mentoring logs, practice assignments, deliverables and their adoption,
investment, problems solved, plan milestones), and the fitness reviews. Each reads through the
owning app's scoped querysets, one query per kind whatever the record's length.
"""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import scoping
from qingmiao.cadres.templatetags.qingmiao import plain_number
from qingmiao.cultivation.models import (
    Attendance,
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    ProblemSolved,
)
from qingmiao.cultivation.selectors import mentoring as mentoring_selectors
from qingmiao.cultivation.selectors import plans as plan_selectors
from qingmiao.cultivation.selectors import practice as practice_selectors
from qingmiao.selection import selectors as selection_selectors

from .models import FitnessReview
from .timeline import Event, register


def _wanted(kinds, kind: str) -> bool:
    return not kinds or kind in kinds


def _in_year(qs, field: str, year: int | None, *, moment: bool = False):
    if year is None:
        return qs
    if moment:
        tz = timezone.get_current_timezone()
        start = datetime(year, 1, 1, tzinfo=tz)
        end = datetime(year + 1, 1, 1, tzinfo=tz)
        return qs.filter(**{f"{field}__gte": start, f"{field}__lt": end})
    return qs.filter(**{f"{field}__gte": date(year, 1, 1), f"{field}__lt": date(year + 1, 1, 1)})


def _day(moment) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


@register("selection")
def selection_source(user, cadre, *, kinds=None, year=None) -> list[Event]:
    if not _wanted(kinds, "selection"):
        return []
    events = []
    applications = _in_year(
        selection_selectors.application_queryset(user).filter(cadre=cadre),
        "created_at",
        year,
        moment=True,
    )
    for a in applications.order_by("created_at"):
        events.append(
            Event(
                _day(a.created_at),
                "selection",
                _("报名参加“%(program)s”") % {"program": a.program.name},
                a.get_outcome_display(),
            )
        )
    entries = (
        selection_selectors.entry_queryset(user)
        .filter(application__cadre=cadre, result__in=("advanced", "eliminated"))
        .select_related("stage__program")
        .exclude(stage__scoring_closes__isnull=True)
    )
    for e in _in_year(entries, "stage__scoring_closes", year, moment=True).order_by(
        "stage__scoring_closes"
    ):
        detail = e.get_result_display()
        if e.final_rank:
            detail = _("%(result)s，排名第 %(rank)s") % {"result": detail, "rank": e.final_rank}
        events.append(
            Event(
                _day(e.stage.scoring_closes),
                "selection",
                _("“%(program)s”%(stage)s")
                % {"program": e.stage.program.name, "stage": e.stage.name},
                detail,
            )
        )
    return events


@register("cultivation")
def cultivation_source(user, cadre, *, kinds=None, year=None) -> list[Event]:
    events: list[Event] = []
    if _wanted(kinds, "training"):
        attended = (
            scoping.visible(user, Attendance)
            .filter(cadre=cadre, credited_hours__gt=0)
            .select_related("session__course")
        )
        for a in _in_year(attended, "session__starts_at", year, moment=True).order_by(
            "session__starts_at"
        ):
            events.append(
                Event(
                    _day(a.session.starts_at),
                    "training",
                    _("参加“%(title)s”") % {"title": a.session.title or a.session.course.title},
                    _("计 %(hours)s 学时") % {"hours": plain_number(a.credited_hours)},
                    figures={"hours": a.credited_hours},
                )
            )
        milestones = plan_selectors.milestones_queryset(user).filter(
            plan__cadre=cadre, done_at__isnull=False
        )
        for m in _in_year(milestones, "done_at", year, moment=True).order_by("done_at"):
            events.append(
                Event(
                    _day(m.done_at),
                    "training",
                    _("完成培养节点“%(title)s”") % {"title": m.title},
                    _("已确认") if m.confirmed_by_id else _("待确认"),
                )
            )
    if _wanted(kinds, "mentoring"):
        logs = mentoring_selectors.log_queryset(user).filter(pair__mentee=cadre)
        for log in _in_year(logs, "date", year).order_by("date", "id"):
            events.append(
                Event(
                    log.date,
                    "mentoring",
                    _("导师%(mentor)s帮带：%(topic)s")
                    % {"mentor": log.pair.mentor.display_name, "topic": log.topic},
                    log.get_mode_display(),
                    figures={"logs": 1},
                )
            )
    if _wanted(kinds, "practice"):
        assignments = practice_selectors.assignment_queryset(user).filter(cadre=cadre)
        for a in _in_year(assignments, "start_date", year).order_by("start_date"):
            events.append(
                Event(
                    a.start_date,
                    "practice",
                    _("%(kind)s：%(host)s%(post)s")
                    % {"kind": a.get_kind_display(), "host": a.host_name, "post": a.post},
                    _("至 %(end)s") % {"end": _cn(a.end_date)} if a.end_date else "",
                )
            )
    if _wanted(kinds, "results"):
        events += _results(user, cadre, year)
    return events


def _cn(day: date) -> str:
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def _results(user, cadre, year) -> list[Event]:
    events = []
    deliverables = (
        scoping.visible(user, Deliverable).filter(authors=cadre).select_related("program")
    )
    for d in _in_year(deliverables, "submitted_on", year).order_by("submitted_on", "id"):
        events.append(
            Event(
                d.submitted_on,
                "results",
                _("提交%(kind)s“%(title)s”") % {"kind": d.get_kind_display(), "title": d.title},
                figures={"deliverables": 1},
            )
        )
    outcomes = (
        scoping.visible(user, DeliverableOutcome)
        .filter(deliverable__authors=cadre)
        .select_related("deliverable")
    )
    for o in _in_year(outcomes, "date", year).order_by("date", "id"):
        events.append(
            Event(
                o.date,
                "results",
                _("“%(title)s”获%(body)s%(kind)s")
                % {"title": o.deliverable.title, "body": o.body, "kind": o.get_kind_display()},
                figures={"adopted": 1},
            )
        )
    investments = scoping.visible(user, InvestmentRecord).filter(cadres=cadre)
    for i in _in_year(investments, "date", year).order_by("date", "id"):
        events.append(
            Event(
                i.date,
                "results",
                _("参与引进企业“%(name)s”") % {"name": i.enterprise_name},
                _("注册资本 %(amount)s 万元") % {"amount": plain_number(i.registered_capital)},
                figures={"capital": i.registered_capital},
            )
        )
    problems = scoping.visible(user, ProblemSolved).filter(cadres=cadre)
    for p in _in_year(problems, "date", year).order_by("date", "id"):
        events.append(
            Event(
                p.date,
                "results",
                _("为%(who)s解决“%(title)s”") % {"who": p.beneficiary, "title": p.title},
                p.outcome,
                figures={"problems": 1},
            )
        )
    return events


@register("fitness")
def fitness_source(user, cadre, *, kinds=None, year=None) -> list[Event]:
    if not _wanted(kinds, "fitness"):
        return []
    reviews = scoping.visible(user, FitnessReview).filter(
        cadre=cadre, status=FitnessReview.Status.DONE
    )
    # The review's own page is for those who record reviews; others read it here.
    linked = user.has_perm("supervision.review_fitness")
    return [
        Event(
            r.period_end,
            "fitness",
            _("适岗情况与能力水平分析：%(judgement)s") % {"judgement": r.get_judgement_display()},
            r.reasons,
            link=reverse("supervision:fitness_record", args=[r.pk]) if linked else "",
            figures={"judgement": r.judgement},
        )
        for r in _in_year(reviews, "period_end", year).order_by("period_end", "id")
    ]
