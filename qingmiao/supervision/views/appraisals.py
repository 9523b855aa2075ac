"""Annual appraisal screens: the grades list (with the units waiting for confirmation and the
year's 优秀 share), a unit's entry sheet with the basis beside each cadre, the .xlsx template
and import, and confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors, error_text
from qingmiao.core.export import XLSX, _disposition, export_list, file_name
from qingmiao.paging import IdFirstPaginator
from qingmiao.selection.views._common import PAGE_SIZES, page_size_of

from .. import appraisal_import, appraisal_quota, basis
from ..exports_evaluation import PROPOSAL_LIST, proposal_rows
from ..filters_evaluation import ProposalFilter
from ..forms_evaluation import AppraisalFormSet, ImportForm, QuotaForm
from ..selectors import appraisal as selectors
from ..services import appraisal as services


def year_of(params) -> int:
    """The year a page is about: the one asked for when it reads as a year, else last year
    (appraisals are made early in the next year)."""
    text = str(params.get("year") or "")
    if text.isdigit() and services.YEAR_MIN <= int(text) <= services.YEAR_MAX:
        return int(text)
    return timezone.localdate().year - 1


@never_cache
@permission_required("supervision.view_appraisals", raise_exception=True)
def appraisal_list(request):
    user = request.user
    year = year_of(request.GET)
    filterset = ProposalFilter(request.GET, queryset=selectors.proposals(user), user=user)
    try:
        queryset = proposal_rows(user, request.GET)
    except ValidationError:
        queryset = selectors.proposals(user).none()
    page = IdFirstPaginator(queryset, page_size_of(request.GET)).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    manage = user.has_perm("supervision.manage_appraisals")
    percent = appraisal_quota.percent_for(year)
    return render(
        request,
        "supervision/staff/appraisal_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "sort": request.GET.get("sort", ""),
            "page_sizes": PAGE_SIZES,
            "year": year,
            "pending": selectors.pending_units(user, year) if manage else [],
            "quota_form": QuotaForm(initial={"percent": percent}) if manage else None,
            "rule": appraisal_quota.rule_text(percent),
        },
    )


@require_POST
@permission_required("supervision.export_lists", raise_exception=True)
def appraisal_export(request):
    return export_list(request, PROPOSAL_LIST, back=reverse("supervision:appraisal_list"))


def _entry_context(request, unit, year, formset=None, import_form=None) -> dict:
    user = request.user
    cadres = selectors.entry_cadres(user, unit) if unit else []
    existing = selectors.proposals_of(cadres, year)
    if formset is None:
        formset = AppraisalFormSet(
            initial=[
                {
                    "cadre": c.pk,
                    "grade": existing[c.pk].grade if c.pk in existing else "",
                    "note": existing[c.pk].note if c.pk in existing else "",
                }
                for c in cadres
            ]
        )
    lines = basis.for_cadres(user, cadres, year)
    percent = appraisal_quota.percent_for(year)
    return {
        "unit": unit,
        "units": selectors.units(user),
        "year": year,
        "rows": [
            {"cadre": c, "form": f, "proposal": existing.get(c.pk), "basis": lines[c.pk]}
            for c, f in zip(cadres, formset.forms, strict=False)
        ],
        "formset": formset,
        "standing": selectors.unit_standing(unit, year) if unit else None,
        "rule": appraisal_quota.rule_text(percent),
        "import_form": import_form or ImportForm(),
    }


def _unit_of(request, params):
    pk = str(params.get("unit") or request.user.org_unit_id or "")
    return selectors.unit_get(request.user, pk) if pk.isdigit() else None


@never_cache
@permission_required("supervision.propose_appraisal", raise_exception=True)
def appraisal_entry(request):
    params = request.POST if request.method == "POST" else request.GET
    unit = _unit_of(request, params)
    year = year_of(params)
    if request.method != "POST":
        return render(
            request, "supervision/staff/appraisal_entry.html", _entry_context(request, unit, year)
        )
    formset = AppraisalFormSet(request.POST)
    status = 400
    if formset.is_valid():
        cadres = {c.pk: c for c in selectors.entry_cadres(request.user, unit)} if unit else {}
        rows, index = [], []
        for i, form in enumerate(formset.forms):
            data = form.cleaned_data
            if data.get("grade"):
                rows.append(
                    {
                        "cadre": cadres.get(data["cadre"]),
                        "grade": data["grade"],
                        "note": data["note"],
                    }
                )
                index.append(i)
        try:
            n = services.appraisals_propose(actor=request.user, year=year, rows=rows)
        except ValidationError as exc:
            _apply_rows(formset, exc, index)
        else:
            messages.success(request, _("已保存 %(n)s 人的考核等次，待组织部门确认。") % {"n": n})
            return redirect(reverse("supervision:appraisal_entry") + f"?unit={unit.pk}&year={year}")
    context = _entry_context(request, unit, year, formset=formset)
    return render(request, "supervision/staff/appraisal_entry.html", context, status=status)


def _apply_rows(formset, exc: ValidationError, index: list[int]) -> None:
    """Put a service's `rows.<i>.<field>` errors on the formset's rows, the rest above it."""
    if not hasattr(exc, "error_dict"):
        formset._non_form_errors = formset.error_class(exc.messages)
        return
    for key, errors in exc.error_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "rows" and parts[1].isdigit():
            form = formset.forms[index[int(parts[1])]]
            field = parts[2] if parts[2] in ("grade", "note") else "grade"
            for e in errors:
                form.add_error(field, e.messages)
        else:
            formset._non_form_errors = formset.error_class([m for e in errors for m in e.messages])


@never_cache
@permission_required("supervision.propose_appraisal", raise_exception=True)
def appraisal_template(request):
    unit = _unit_of(request, request.GET)
    if unit is None:
        messages.error(request, _("请先选择单位。"))
        return redirect("supervision:appraisal_entry")
    year = year_of(request.GET)
    cadres = selectors.entry_cadres(request.user, unit)
    content = appraisal_import.template(
        unit=unit, year=year, cadres=cadres, proposals=selectors.proposals_of(cadres, year)
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = _disposition(
        file_name(_("%(unit)s%(year)s年度考核") % {"unit": unit.name, "year": year})
    )
    return response


@require_POST
@permission_required("supervision.propose_appraisal", raise_exception=True)
def appraisal_import_view(request):
    unit = _unit_of(request, request.POST)
    year = year_of(request.POST)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            n = appraisal_import.appraisals_import(
                actor=request.user, year=year, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已导入 %(n)s 人的考核等次，待组织部门确认。") % {"n": n})
            return redirect(
                reverse("supervision:appraisal_entry")
                + (f"?unit={unit.pk}&year={year}" if unit else f"?year={year}")
            )
    context = _entry_context(request, unit, year, import_form=form)
    return render(request, "supervision/staff/appraisal_entry.html", context, status=400)


@require_POST
@permission_required("supervision.manage_appraisals", raise_exception=True)
def appraisal_confirm(request):
    unit = selectors.confirm_unit_get(request.user, str(request.POST.get("unit", "")))
    year = year_of(request.POST)
    try:
        n = services.appraisals_confirm(actor=request.user, unit=unit, year=year)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("已确认 %(unit)s %(n)s 人的考核等次，并记入干部档案。") % {"unit": unit.name, "n": n},
        )
    return redirect(reverse("supervision:appraisal_list") + f"?year={year}")


@require_POST
@permission_required("supervision.manage_appraisals", raise_exception=True)
def appraisal_quota_view(request):
    year = year_of(request.POST)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.appraisal_quota_set(
                actor=request.user, year=year, percent=form.cleaned_data["percent"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("%(year)s 年度优秀比例已设为 %(p)s%%。")
                % {"year": year, "p": form.cleaned_data["percent"]},
            )
    else:
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    return redirect(reverse("supervision:appraisal_list") + f"?year={year}")
