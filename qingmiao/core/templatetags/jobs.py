"""`{% load jobs %}{% job_progress job %}`: a job's progress on any page, polled while it runs."""

from django import template

register = template.Library()


@register.inclusion_tag("core/job_progress.html", takes_context=True)
def job_progress(context, job):
    return {"job": job, "request": context.get("request"), "csrf_token": context.get("csrf_token")}
