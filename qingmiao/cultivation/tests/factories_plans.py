"""Factories of the plans area: a template of four milestones (month 3, 12, 24, 35)."""

from qingmiao.cultivation.services import plans as services

TEMPLATE_ROWS = [
    {"year": 1, "due_month": 3, "title": "入职谈话与岗位认知", "evidence_required": True},
    {"year": 1, "due_month": 12, "title": "跟岗学习小结", "evidence_required": True},
    {"year": 2, "due_month": 24, "title": "独立承办一项工作", "evidence_required": False},
    {"year": 3, "due_month": 35, "title": "成长总结与适岗评估", "evidence_required": True},
]


def make_template(actor, name="新苗培优三年计划"):
    return services.plan_template_save(
        actor=actor,
        data={
            "name": name,
            "theme_year1": "跟着干",
            "theme_year2": "独立干",
            "theme_year3": "成骨干",
        },
        milestones=TEMPLATE_ROWS,
    )
