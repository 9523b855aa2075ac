"""我的任务: the user's own jobs, their progress (an htmx partial) and their files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.paging import IdFirstPaginator

from . import services


@never_cache
def job_list(request):
    paginator = IdFirstPaginator(services.jobs_of(request.user).select_related(None), 20)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


@never_cache
def job_detail(request, pk):
    job = services.job_get(request.user, pk)
    return render(request, "core/job_detail.html", {"job": job})


@never_cache
def job_progress(request, pk):
    """The progress partial on its own, polled by htmx while the job runs."""
    job = services.job_get(request.user, pk)
    return render(request, "core/job_progress.html", {"job": job})


@never_cache
def job_download(request, pk):
    job = services.job_get(request.user, pk)
    if job.status != job.Status.DONE or not job.result_file:
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=job.result_name)


@require_POST
def job_retry(request, pk):
    job = services.job_get(request.user, pk)
    try:
        services.job_retry(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已重新开始：%(title)s") % {"title": job.title})
    return redirect("jobs:detail", pk=job.pk)
