"""Demo data of 管 · the growth record (成长纪实档案) timeline, fitness reviews
(适岗情况与能力水平分析), the record as .docx and PDF.

巴中's new recruits' growth records are derived from what cultivation already holds (courses,
mentoring logs, milestones, results); this adds their fitness reviews: a six-month schedule on
the 新苗培优 programme, every review due since each recruit's hire date opened, most recorded
by the organization department (胜任 for most, 基本胜任 with its reasons for some, the odd
不胜任), the latest round one in eight still undone and so overdue on the demo's today
(2026-11-30). Deterministic from the seed; bulk writes.
"""

import random
from datetime import timedelta

from django.utils.translation import gettext as _

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cultivation.demo.cohorts import TODAY
from qingmiao.selection.models import Program, ProgramKind

from ..models import FitnessReview, FitnessSchedule
from ..services.fitness import reviews_open

MOSTLY_FIT_REASONS = [
    "业务知识掌握尚不全面，独立承办工作时需要导师把关。",
    "基层工作经验不足，群众工作方法有待提高。",
    "公文写作较为薄弱，材料需多次修改。",
    "工作主动性有待加强，统筹多项任务时效率不高。",
]
FIT_REASONS = [
    "能够较好完成岗位工作任务，学习主动，进步明显。",
    "政治素质好，工作踏实肯干，群众评价较好。",
    "较快适应岗位要求，能独立承办具体工作。",
]
UNFIT_REASONS = ["岗位职责履行不到位，多项工作未按期完成，经谈话提醒后改进不明显。"]
STRENGTHS = ["学习能力强", "吃苦耐劳", "沟通协调能力较好", "文字功底扎实", "熟悉信息化工具"]
WEAKNESSES = ["基层经验不足", "统筹能力有待提高", "政策理论学习需加强", "创新意识不够"]

_FIGURES: dict = {}


def build(ctx) -> dict:
    rng = random.Random(ctx["seed"] * 31 + 7)
    program = Program.objects.filter(kind=ProgramKind.NEW_RECRUIT).order_by("pk").first()
    admin = User.objects.filter(role=Role.ORG_ADMIN, is_active=True).order_by("pk").first()
    if program is None or admin is None:
        return {}
    schedule = FitnessSchedule.objects.create(
        program=program, interval_months=6, lead_days=30, created_by=admin
    )
    opened = reviews_open(schedule=schedule, today=TODAY)
    rows = list(
        FitnessReview.objects.filter(schedule=schedule).order_by("cadre_id", "due_date", "pk")
    )
    latest = max((r.due_date for r in rows), default=TODAY)
    done = []
    recent = 0
    for r in rows:
        if r.due_date >= TODAY:
            continue  # open, not yet due
        # The latest round (due within the last six months) is one in eight still undone.
        if (TODAY - r.due_date).days < 180:
            recent += 1
            if recent % 8 == 3:
                continue
        roll = rng.random()
        if roll < 0.015:
            r.judgement, r.reasons = FitnessReview.Judgement.UNFIT, rng.choice(UNFIT_REASONS)
        elif roll < 0.2:
            r.judgement = FitnessReview.Judgement.MOSTLY_FIT
            r.reasons = rng.choice(MOSTLY_FIT_REASONS)
        else:
            r.judgement, r.reasons = FitnessReview.Judgement.FIT, rng.choice(FIT_REASONS)
        r.strengths = "、".join(rng.sample(STRENGTHS, 2))
        r.weaknesses = rng.choice(WEAKNESSES)
        r.status = FitnessReview.Status.DONE
        r.reviewer = admin
        r.reviewed_on = min(r.due_date + timedelta(days=rng.randint(0, 20)), TODAY)
        # Announced when they opened and, had they been late, as overdue: the demo's first
        # reminders run speaks only of what is still undone.
        done.append(r)
    FitnessReview.objects.bulk_update(
        done,
        ["judgement", "reasons", "strengths", "weaknesses", "status", "reviewer", "reviewed_on"],
        batch_size=500,
    )
    overdue = sum(1 for r in rows if r.status == FitnessReview.Status.DUE and r.due_date < TODAY)
    mostly = sum(1 for r in done if r.judgement == FitnessReview.Judgement.MOSTLY_FIT)
    _FIGURES.update(
        program=program.name,
        reviews=len(rows),
        done=len(done),
        overdue=overdue,
        mostly=mostly,
        latest=latest,
    )
    ctx["fitness_schedule"] = schedule.pk
    return {"fitness_reviews": opened, "fitness_done": len(done), "fitness_overdue": overdue}


def summary() -> list[str]:
    if not _FIGURES:
        return []
    return [
        _(
            "成长纪实：%(program)s每六个月一次适岗情况与能力水平分析，共 %(reviews)s 份，"
            "已分析 %(done)s 份（基本胜任 %(mostly)s 份），超期 %(overdue)s 份。"
        )
        % _FIGURES
    ]
