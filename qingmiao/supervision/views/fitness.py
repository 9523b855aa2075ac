"""Fitness reviews (适岗情况与能力水平分析): the list of reviews due, overdue and done (filters,
export), recording a review, and the programmes' schedules."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.core.errors import apply_errors
from qingmiao.core.export import export_list
from qingmiao.cultivation.views._lists import list_context
from qingmiao.selection.models import Program

from .. import fitness
from ..exports_records import FITNESS_LIST
from ..filters_records import FitnessFilter
from ..forms_records import FitnessReviewForm, ScheduleForm
from ..selectors import fitness as selectors
from ..services import fitness as services


@never_cache
@permission_required("supervision.view_records", raise_exception=True)
def fitness_list(request):
    user = request.user
    # Without a chosen sort the earliest due comes first (what needs doing soonest).
    queryset = selectors.review_queryset(user).order_by("due_date", "id")
    ctx = list_context(request, FitnessFilter, queryset)
    ctx["counts"] = selectors.counts(queryset, timezone.localdate())
    ctx["today"] = timezone.localdate()
    return render(request, "supervision/staff/fitness_list.html", ctx)


@never_cache
@require_POST
def fitness_export(request):
    back = reverse("supervision:fitness_list")
    return export_list(request, FITNESS_LIST, back=f"{back}?{request.GET.urlencode()}")


@never_cache
@permission_required("supervision.review_fitness", raise_exception=True)
def fitness_record(request, pk):
    review = selectors.managed_review_get(request.user, pk)
    initial = {k: getattr(review, k) for k in services.REVIEW_FIELDS}
    form = FitnessReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(actor=request.user, review=review, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("已录入%(name)s的适岗情况与能力水平分析。") % {"name": review.cadre.name}
            )
            return redirect("supervision:fitness_list")
    history = selectors.cadre_reviews(request.user, review.cadre).exclude(pk=review.pk)
    return render(
        request,
        "supervision/staff/fitness_form.html",
        {"review": review, "form": form, "history": history, "today": timezone.localdate()},
    )


@never_cache
@permission_required(
    ("supervision.review_fitness", "selection.manage_program"), raise_exception=True
)
def schedule_list(request):
    user = request.user
    schedules = list(selectors.schedule_queryset(user).order_by("program__name", "id"))
    form = ScheduleForm(request.POST or None)
    programs = selectors.schedule_programs(user)
    if request.method == "POST" and form.is_valid():
        program = scoping.get_visible_or_404(user, programs, pk=request.POST.get("program", ""))
        try:
            schedule = services.schedule_save(actor=user, program=program, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已设置“%(program)s”的适岗分析周期。") % {"program": schedule.program.name},
            )
            return redirect("supervision:fitness_schedules")
    return render(
        request,
        "supervision/staff/fitness_schedules.html",
        {
            "schedules": [
                (s, fitness.rule_text(s.interval_months, s.lead_days)) for s in schedules
            ],
            "form": form,
            "programs": programs.only("pk", "name"),
            "program_model": Program,
        },
    )
