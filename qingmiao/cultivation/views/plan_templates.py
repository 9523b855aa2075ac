"""Plan templates (staff): the list, a new template or a changed one, with its milestones."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingmiao.core.errors import apply_errors, error_text

from ..forms.plans import MilestoneRows, TemplateForm
from ..selectors import plans as selectors
from ..services import plans as services


@never_cache
@permission_required("cultivation.view_plans", raise_exception=True)
def template_list(request):
    return render(
        request,
        "cultivation/staff/plan_template_list.html",
        {"templates": selectors.templates(request.user)},
    )


@never_cache
@permission_required("cultivation.manage_plans", raise_exception=True)
def template_edit(request, pk=None):
    user = request.user
    template = selectors.managed_template_get(user, pk) if pk else None
    initial, rows = {}, []
    if template is not None:
        initial = {
            "name": template.name,
            "theme_year1": template.theme_year1,
            "theme_year2": template.theme_year2,
            "theme_year3": template.theme_year3,
        }
        rows = [
            {
                "year": m.year,
                "due_month": m.due_month,
                "title": m.title,
                "evidence_required": m.evidence_required,
            }
            for m in template.milestones.all()
        ]
    form = TemplateForm(request.POST or None, initial=initial)
    formset = MilestoneRows(request.POST or None, initial=rows, prefix="m")
    row_error = ""
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        milestones = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("title")]
        try:
            saved = services.plan_template_save(
                actor=user, data=form.cleaned_data, milestones=milestones, template=template
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            row_error = error_text(exc)
        else:
            messages.success(request, _("已保存模板“%(name)s”。") % {"name": saved.name})
            return redirect("cultivation:plan_template_list")
    return render(
        request,
        "cultivation/staff/plan_template_form.html",
        {"form": form, "formset": formset, "template": template, "row_error": row_error},
    )
