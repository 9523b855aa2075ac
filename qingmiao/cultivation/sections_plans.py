"""The plans area's sections: the cadre's own plan on 我的培养, and on a mentor's 我的学员 the
milestones their mentees reported done, awaiting confirmation."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import personal_pages
from .phases import LABELS as PHASES
from .selectors import plans as selectors


def my_plan_context(user) -> dict | None:
    plan = selectors.my_plan(user)
    if plan is None:
        return None
    today = timezone.localdate()
    upcoming = [
        m
        for m in selectors.plan_milestones(user, plan)
        if m.done_at is None and (m.due_date < today or (m.due_date - today).days <= 120)
    ][:3]
    return {"plan": plan, "upcoming": upcoming, "today": today}


def mentee_milestones_context(user) -> dict | None:
    waiting = list(selectors.mentee_milestones_to_confirm(user)[:10])
    if not waiting:
        return None
    return {"waiting": waiting}


personal_pages.register("cadre", 60, "cultivation/self/section_plans_my_plan.html", my_plan_context)
personal_pages.register(
    "mentor", 60, "cultivation/self/section_plans_to_confirm.html", mentee_milestones_context
)


def plan_summary(user) -> str:
    plan = selectors.my_plan(user)
    if plan is None:
        return _("暂无新苗培优计划")
    line = _("%(phase)s · 已完成 %(done)s / %(total)s 个节点") % {
        "phase": PHASES.get(plan.phase, ""),
        "done": plan.done_n,
        "total": plan.milestone_n,
    }
    if plan.overdue_n:
        return _("%(line)s，%(n)s 个超期") % {"line": line, "n": plan.overdue_n}
    return line


personal_pages.register_link(
    60,
    "cultivation:my_plan",
    gettext_lazy("我的培养计划"),
    "cultivation.update_own_plan",
    plan_summary,
    icon="bi-flower1",
)
