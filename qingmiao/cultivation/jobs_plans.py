"""Creating plans for a large cohort runs as a background job (巴中's 1,139 at once): the page
returns at once and shows the job's progress; the job calls the same service, whole or not at
all, as the actor who started it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qingmiao.core import jobs
from qingmiao.core.errors import error_text

from .selectors import plans as plan_selectors
from .selectors import results as result_selectors
from .services import plans as services

BACKGROUND_FROM = 300  # cadres: below this the page creates the plans itself


@jobs.job_handler
def plans_create_job(job) -> None:
    actor = job.actor
    params = job.params
    template = plan_selectors.template_get(actor, params["template"])
    program = (
        result_selectors.program_get(actor, params["program"]) if params.get("program") else None
    )
    total = len(params["cadres"])
    job.progress(0, total, _("正在生成培养计划"))
    try:
        result = services.plans_create(
            actor=actor, template=template, cadre_ids=params["cadres"], program=program
        )
    except ValidationError as exc:
        raise jobs.JobError(error_text(exc)) from None
    job.progress(total, total, _("已生成 %(n)s 份培养计划") % {"n": result["created"]})


def plans_create_start(*, actor, template, cadre_ids: list[int], program=None):
    """Create at once for a small cohort (returns the service's result), or start a job for a
    large one (returns the Job)."""
    if len(cadre_ids) < BACKGROUND_FROM:
        return services.plans_create(
            actor=actor, template=template, cadre_ids=cadre_ids, program=program
        )
    return jobs.job_start(
        actor=actor,
        handler=plans_create_job,
        title=_("生成培养计划：%(name)s") % {"name": template.name},
        params={
            "template": template.pk,
            "program": program.pk if program else None,
            "cadres": list(cadre_ids),
        },
    )
