from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors
from qingmiao.core.export import export_list
from qingmiao.core.versions import Snapshot

from . import panels, selectors, services, versions
from .exports import CADRE_LIST
from .filters import CadreFilter
from .forms import SECTION_FORMSETS, SECTION_TITLES, CadreForm
from .listing import CadreListPaginator, detail_prefix, rows_html, select_options, unit_options

PAGE_SIZES = (20, 50, 100)


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


@never_cache
@permission_required("cadres.view_cadre", raise_exception=True)
def cadre_list(request):
    filterset = CadreFilter(
        request.GET, queryset=selectors.cadre_queryset(request.user), user=request.user
    )
    queryset = (
        filterset.qs if filterset.is_valid() else selectors.cadre_queryset(request.user).none()
    )
    # The version of cadre data, read once: the count and the drop-downs are cached under it.
    snapshot = Snapshot(versions.KEY)
    paginator = CadreListPaginator(queryset, _page_size(request), snapshot)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "page_sizes": PAGE_SIZES,
        "page_size": paginator.per_page,
        "sort": request.GET.get("sort", ""),
        "rows": rows_html(page.object_list, detail_prefix()),
        "unit_options": unit_options(filterset, snapshot),
        "selects": select_options(filterset, snapshot),
    }
    template = (
        "cadres/cadre_rows.html" if request.headers.get("HX-Request") else "cadres/cadre_list.html"
    )
    return render(request, template, context)


@never_cache
@permission_required("cadres.view_cadre", raise_exception=True)
def cadre_detail(request, pk):
    cadre = selectors.cadre_get(request.user, pk)
    can_see_sensitive = request.user.has_perm("cadres.view_sensitive")
    if can_see_sensitive:
        shown = ["id_number", "family_members"] if cadre.id_number_encrypted else ["family_members"]
        services.sensitive_viewed(actor=request.user, cadre=cadre, fields=shown, channel="page")
    return render(
        request,
        "cadres/cadre_detail.html",
        {
            "cadre": cadre,
            "can_see_sensitive": can_see_sensitive,
            "id_display": cadre.id_number if can_see_sensitive else cadre.id_number_masked,
            "can_edit": request.user.has_perm("cadres.change_cadre"),
            "can_delete": request.user.has_perm("cadres.delete_cadre"),
            "sections": SECTION_TITLES,
            "panels": panels.for_cadre(request.user, cadre),
        },
    )


@never_cache
@permission_required("cadres.view_cadre", raise_exception=True)
def cadre_photo(request, pk):
    cadre = selectors.cadre_get(request.user, pk)
    if not cadre.photo:
        raise Http404
    return FileResponse(cadre.photo.open("rb"))


def _save_form(request, form, cadre=None):
    """Run the create/update service; map its validation errors back onto the form."""
    try:
        if cadre is None:
            return services.cadre_create(
                actor=request.user,
                data=form.model_data(),
                id_number=form.cleaned_data.get("id_number", ""),
                tags=form.cleaned_data.get("tags") or (),
            )
        return services.cadre_update(
            actor=request.user,
            cadre=cadre,
            data=form.model_data(),
            expected_version=form.cleaned_data.get("version") or cadre.version,
            id_number=form.cleaned_data.get("id_number", ""),
            tags=form.cleaned_data.get("tags"),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
    return None


@never_cache
@permission_required("cadres.add_cadre", raise_exception=True)
def cadre_create(request):
    form = CadreForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        cadre = _save_form(request, form)
        if cadre is not None:
            messages.success(request, _("已创建干部档案：%(name)s") % {"name": cadre.name})
            return redirect("cadres:detail", pk=cadre.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": None})


@never_cache
@permission_required("cadres.change_cadre", raise_exception=True)
def cadre_edit(request, pk):
    cadre = selectors.cadre_get(request.user, pk)
    form = CadreForm(request.POST or None, request.FILES or None, instance=cadre, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_form(request, form, cadre)
        if saved is not None:
            messages.success(request, _("已保存。"))
            return redirect("cadres:detail", pk=saved.pk)
    return render(request, "cadres/cadre_form.html", {"form": form, "cadre": cadre})


@never_cache
@permission_required("cadres.change_cadre", raise_exception=True)
def cadre_section_edit(request, pk, section):
    if section not in SECTION_FORMSETS:
        raise Http404
    cadre = selectors.cadre_get(request.user, pk)
    formset = SECTION_FORMSETS[section](request.POST or None, instance=cadre, prefix=section)
    if request.method == "POST" and formset.is_valid():
        services.cadre_section_save(
            actor=request.user, cadre=cadre, section=section, formset=formset
        )
        messages.success(request, _("已保存。"))
        return redirect(reverse("cadres:detail", args=[cadre.pk]) + f"#{section}")
    return render(
        request,
        "cadres/section_form.html",
        {"cadre": cadre, "formset": formset, "section": section, "title": SECTION_TITLES[section]},
    )


@require_POST
@permission_required("cadres.delete_cadre", raise_exception=True)
def cadre_delete(request, pk):
    cadre = selectors.cadre_get(request.user, pk)
    name = cadre.name
    services.cadre_delete(actor=request.user, cadre=cadre)
    messages.success(request, _("已删除干部档案：%(name)s") % {"name": name})
    return redirect("cadres:list")


# The tree counts cadres per unit, so it is a cadre page: the administrator roles, which hold
# view_orgunit only to maintain units in the admin site, do not get it.
@permission_required(("cadres.view_orgunit", "cadres.view_cadre"), raise_exception=True)
def orgunit_tree(request):
    units = selectors.orgunit_tree(request.user)
    base_depth = min((u.depth for u in units), default=1)
    for unit in units:
        unit.indent = unit.depth - base_depth
    return render(request, "cadres/orgunit_tree.html", {"units": units})


@never_cache
@require_POST
def cadre_export(request):
    """导出 Excel on the cadre list: the rows the list shows, with its filters and sort."""
    return export_list(
        request, CADRE_LIST, back=f"{reverse('cadres:list')}?{request.GET.urlencode()}"
    )
