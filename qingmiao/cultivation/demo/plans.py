"""The plans part of the cultivation demo: 巴中's 新苗培优 template and a three-year plan for
each of its 1,139 new recruits (hired 2024-08, 2025-08, 2026-08: 壮苗年, 扶苗年, 育苗年 today),
every milestone due from the hire date. Milestones due before today are mostly done — most of
those confirmed, some waiting for a mentor or the department — and the rest overdue; a few due
soon are already done. Written with bulk inserts (about 11,000 milestones)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.cadres.demo import bulk

from .. import phases
from ..models import GrowthPlan, PlanMilestone, PlanTemplate, PlanTemplateMilestone
from .cohorts import aware

THEMES = ("跟着干", "独立干", "成骨干")
STEPS = [
    (1, 1, "入职谈话，明确岗位职责和成长目标", True),
    (1, 3, "跟岗学习小结（导师带教）", True),
    (1, 6, "参加新录用公务员初任培训", True),
    (1, 12, "育苗年度小结", True),
    (2, 15, "独立承办一项具体工作", True),
    (2, 18, "到基层一线实践锻炼", True),
    (2, 24, "扶苗年度小结", True),
    (3, 27, "牵头一项重点任务", True),
    (3, 30, "形成一篇调研报告", False),
    (3, 35, "三年成长总结与适岗分析", True),
]
EVIDENCE = [
    "已完成，导师签字确认的小结已上传。",
    "按计划完成，形成书面材料一份。",
    "完成培训全部课程，考核合格。",
    "已完成，相关工作得到科室肯定。",
]

_FIGURES: dict = {}


def build(ctx) -> dict:
    rng = ctx.rng
    today = timezone.localdate()
    template = PlanTemplate.objects.create(
        organizer=ctx.root,
        name="新苗培优三年培养计划",
        theme_year1=THEMES[0],
        theme_year2=THEMES[1],
        theme_year3=THEMES[2],
    )
    PlanTemplateMilestone.objects.bulk_create(
        [
            PlanTemplateMilestone(
                template=template, year=y, due_month=m, title=t, evidence_required=e
            )
            for y, m, t, e in STEPS
        ]
    )
    plans = bulk.insert(
        GrowthPlan,
        [
            GrowthPlan(
                cadre=c,
                template=template,
                program=ctx.new_recruit,
                start_date=c.hire_date,
                theme_year1=THEMES[0],
                theme_year2=THEMES[1],
                theme_year3=THEMES[2],
                created_by=ctx.admin,
            )
            for c in ctx.recruits
        ],
    )
    milestones = []
    for plan in plans:
        for year, month, title, evidence_required in STEPS:
            due = phases.add_months(plan.start_date, month)
            m = PlanMilestone(
                plan=plan,
                year=year,
                title=title,
                due_date=due,
                evidence_required=evidence_required,
            )
            if due < today:
                if rng.random() < 0.88:  # done; the rest are overdue
                    _done(m, rng, due - timedelta(days=rng.randint(0, 20)))
                    if rng.random() < 0.85:
                        m.confirmed_by = ctx.admin
            elif (due - today).days < 60 and rng.random() < 0.2:
                _done(m, rng, today - timedelta(days=rng.randint(0, 10)))
            milestones.append(m)
    bulk.insert(PlanMilestone, milestones)
    ctx.extra["plan_template"] = template
    _FIGURES.update(_figures(ctx, today))
    return {"plans": len(plans), "milestones": len(milestones)}


def _done(m: PlanMilestone, rng, day) -> None:
    m.done_at = aware(day, 17)
    m.evidence = rng.choice(EVIDENCE)


def _figures(ctx, today) -> dict:
    plans = GrowthPlan.objects.filter(program=ctx.new_recruit)
    out = plans.aggregate(
        total=Count("pk"),
        **{p: Count("pk", filter=phases.phase_q(p, today)) for p, _l in phases.CHOICES},
    )
    out |= PlanMilestone.objects.filter(plan__in=plans).aggregate(
        overdue=Count("pk", filter=Q(done_at__isnull=True, due_date__lt=today)),
        waiting=Count("pk", filter=Q(done_at__isnull=False, confirmed_by__isnull=True)),
    )
    return out


def summary() -> list[str]:
    if not _FIGURES:
        return []
    f = _FIGURES
    return [
        "",
        _("新苗培优："),
        "  "
        + _(
            "培养计划 %(n)s 份：育苗年 %(y1)s、扶苗年 %(y2)s、壮苗年 %(y3)s；"
            "超期节点 %(late)s 个，待确认 %(wait)s 个"
        )
        % {
            "n": f"{f['total']:,}",
            "y1": f"{f['year1']:,}",
            "y2": f"{f['year2']:,}",
            "y3": f"{f['year3']:,}",
            "late": f"{f['overdue']:,}",
            "wait": f"{f['waiting']:,}",
        },
    ]
