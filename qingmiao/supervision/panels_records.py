"""Where the growth record shows outside its own page: a tab on the cadre's record page (the
summary and a link) and a section of the cadre's own 我的培养 page (registered on import)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.cadres import panels
from qingmiao.cultivation import personal_pages

from .models import FitnessReview
from .selectors import fitness as fitness_selectors
from .selectors import growth as selectors


def growth_panel(user, cadre) -> dict | None:
    events = selectors.timeline(user, cadre)
    reviews = list(fitness_selectors.cadre_reviews(user, cadre))
    done = [r for r in reviews if r.status == FitnessReview.Status.DONE]
    today = timezone.localdate()
    return {
        "total": len(events),
        "summary": selectors.summary(events),
        "latest": done[-1] if done else None,
        "overdue": sum(
            1 for r in reviews if r.status == FitnessReview.Status.DUE and r.due_date < today
        ),
    }


def my_growth(user) -> dict | None:
    cadre = selectors.own_cadre(user)
    if cadre is None:
        return None
    return {"cadre": cadre, "total": len(selectors.timeline(user, cadre))}


panels.register(
    panels.Panel(
        key="growth",
        title=_("成长纪实"),
        template="supervision/staff/panel_growth.html",
        context=growth_panel,
        order=40,
    )
)
personal_pages.register("cadre", 90, "supervision/self/section_growth.html", my_growth)
