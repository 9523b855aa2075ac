"""The plans area's sections: the cadre's own plan on 我的培养, and on a mentor's 我的学员 the
milestones their mentees reported done, awaiting confirmation."""

from django.utils import timezone

from . import personal_pages
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
