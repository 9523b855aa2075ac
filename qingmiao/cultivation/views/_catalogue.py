"""The pages every resource of the curriculum has: a list (filters, sortable columns, a count,
pages, an export), a detail page, create and edit forms, and delete.

A resource declares what differs (`Resource`): its getters, service calls, form and templates.
Everything is read through the selectors and changed through the services, so a page holds no
rule and no query filter of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors, error_text
from qingmiao.core.export import export_list

from ..exports import curriculum as exports
from ..selectors import curriculum as selectors

VIEW = "cultivation.view_curriculum"
MANAGE = "cultivation.manage_curriculum"
PAGE_SIZES = (20, 50, 100)


def page_size_of(params) -> int:
    try:
        size = int(params.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


@dataclass
class Resource:
    key: str  # topic, lecturer, base, route, course, session, trip
    title: Any  # the list's heading, e.g. 专题
    noun: Any  # one record, e.g. 专题 (新建专题)
    getter: Callable
    managed_getter: Callable
    form: type
    create: Callable  # (actor, form) → the new record
    update: Callable  # (actor, record, form) → record
    delete: Callable  # (actor, record)
    filter_fields: tuple[str, ...] = ()
    detail_context: Callable | None = None  # (request, record) → extra context
    form_initial: Callable | None = None  # (request) → initial values of a new record
    name_of: Callable = field(default=lambda obj: str(obj))

    @property
    def list_template(self) -> str:
        return f"cultivation/staff/curriculum/{self.key}_list.html"

    @property
    def detail_template(self) -> str:
        return f"cultivation/staff/curriculum/{self.key}_detail.html"

    def url(self, action: str) -> str:
        return f"cultivation:{self.key}_{action}"


def list_context(request, res: Resource) -> dict:
    """The list as the page's query filters and sorts it, one page of it, and what the
    template needs to draw the filter bar, the headers and the pager."""
    user = request.user
    params = request.GET
    fs = exports.filterset(res.key, user, params)
    rows = fs.qs if fs.is_valid() else fs.queryset.none()
    paginator = Paginator(rows, page_size_of(params))
    page = paginator.get_page(params.get("page"))
    managed = selectors.managed_ids(user, page.object_list)
    for row in page.object_list:
        row.managed = row.pk in managed
    query = params.copy()
    query.pop("page", None)
    return {
        "res": res,
        "filter": fs,
        "filter_fields": [fs.form[name] for name in res.filter_fields],
        "page": page,
        "query": query.urlencode(),
        "sort": params.get("sort", ""),
        "page_sizes": PAGE_SIZES,
        "page_size": paginator.per_page,
        "can_manage": user.has_perm(MANAGE),
    }


def routes(res: Resource, *, prefix: str) -> list:
    """The five pages of a resource and its export, under curriculum/<prefix>/."""

    @never_cache
    @permission_required(VIEW, raise_exception=True)
    def list_view(request):
        return render(request, res.list_template, list_context(request, res))

    @never_cache
    @permission_required(VIEW, raise_exception=True)
    def detail_view(request, pk):
        obj = res.getter(request.user, pk)
        context = {"res": res, "obj": obj, "manages": selectors.manages(request.user, obj)}
        if res.detail_context:
            context.update(res.detail_context(request, obj))
        return render(request, res.detail_template, context)

    def _form_page(request, obj):
        initial = res.form_initial(request) if res.form_initial and obj is None else None
        form = res.form(request.POST or None, instance=obj, user=request.user, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                if obj is None:
                    saved = res.create(request.user, form)
                else:
                    saved = res.update(request.user, obj, form)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已保存“%(name)s”。") % {"name": res.name_of(saved)})
                return redirect(res.url("detail"), pk=saved.pk)
        return render(
            request,
            "cultivation/staff/curriculum/form.html",
            {"res": res, "form": form, "obj": obj},
        )

    @never_cache
    @permission_required(MANAGE, raise_exception=True)
    def create_view(request):
        return _form_page(request, None)

    @never_cache
    @permission_required(MANAGE, raise_exception=True)
    def edit_view(request, pk):
        return _form_page(request, res.managed_getter(request.user, pk))

    @require_POST
    @permission_required(MANAGE, raise_exception=True)
    def delete_view(request, pk):
        obj = res.managed_getter(request.user, pk)
        name = res.name_of(obj)
        try:
            res.delete(request.user, obj)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(res.url("detail"), pk=pk)
        messages.success(request, _("已删除“%(name)s”。") % {"name": name})
        return redirect(res.url("list"))

    @never_cache
    @require_POST
    def export_view(request):
        back = f"{reverse(res.url('list'))}?{request.GET.urlencode()}"
        return export_list(request, exports.EXPORTS[res.key], back=back)

    base, name = f"curriculum/{prefix}/", f"{res.key}_"
    return [
        path(base, list_view, name=f"{name}list"),
        path(f"{base}new/", create_view, name=f"{name}create"),
        path(f"{base}export/", export_view, name=f"{name}export"),
        path(f"{base}<int:pk>/", detail_view, name=f"{name}detail"),
        path(f"{base}<int:pk>/edit/", edit_view, name=f"{name}edit"),
        path(f"{base}<int:pk>/delete/", delete_view, name=f"{name}delete"),
    ]
