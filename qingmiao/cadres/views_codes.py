"""The system administrator's reference-data screens: code tables and tags."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.core.errors import apply_errors

from . import services_codes
from .forms_admin import (
    CodeCreateForm,
    CodeEditForm,
    CodeFilterForm,
    TagForm,
    TagMergeForm,
)
from .models import CodeItem, CodeTable, Tag

CODES = "cadres.manage_codes"
TAGS = "cadres.manage_tags"


@never_cache
@permission_required(CODES, raise_exception=True)
def code_list(request):
    form = CodeFilterForm(request.GET or None)
    items = scoping.visible(request.user, CodeItem)
    table = CodeTable.GENDER
    if form.is_valid():
        data = form.cleaned_data
        table = data["table"] or table
        if data["q"]:
            items = items.filter(Q(code__startswith=data["q"]) | Q(name__icontains=data["q"]))
        if data["state"]:
            items = items.filter(is_active=data["state"] == "active")
    items = items.filter(table=table).order_by("sort", "code")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cadres/system/code_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "table_label": CodeTable(table).label,
        },
    )


@never_cache
@permission_required(CODES, raise_exception=True)
def code_add(request):
    form = CodeCreateForm(request.POST or None, initial={"table": request.GET.get("table")})
    if request.method == "POST" and form.is_valid():
        try:
            item = services_codes.codeitem_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已新增代码：%(name)s") % {"name": item.name})
            return redirect(f"{_codes_url()}?table={item.table}")
    return render(
        request,
        "cadres/system/simple_form.html",
        {"form": form, "title": _("新增本地代码"), "back": "system:codes"},
    )


def _codes_url():
    from django.urls import reverse

    return reverse("system:codes")


@never_cache
@permission_required(CODES, raise_exception=True)
def code_edit(request, pk):
    item = scoping.get_visible_or_404(request.user, CodeItem, pk=pk)
    initial = {"name": item.name, "short_name": item.short_name, "is_active": item.is_active}
    form = CodeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_codes.codeitem_update(actor=request.user, item=item, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(f"{_codes_url()}?table={item.table}")
    title = _("修改代码：%(table)s %(code)s") % {
        "table": item.get_table_display(),
        "code": item.code,
    }
    return render(
        request,
        "cadres/system/simple_form.html",
        {"form": form, "title": title, "back": "system:codes"},
    )


@never_cache
@permission_required(TAGS, raise_exception=True)
def tag_list(request):
    tags = scoping.visible(request.user, Tag).annotate(uses=Count("cadres")).order_by("name")
    page = Paginator(tags, 50).get_page(request.GET.get("page"))
    return render(
        request, "cadres/system/tag_list.html", {"page": page, "form": TagForm(), "query": ""}
    )


@never_cache
@permission_required(TAGS, raise_exception=True)
def tag_add(request):
    form = TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tag = services_codes.tag_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已新增标签：%(name)s") % {"name": tag.name})
            return redirect("system:tags")
    return render(
        request,
        "cadres/system/simple_form.html",
        {"form": form, "title": _("新增标签"), "back": "system:tags"},
    )


@never_cache
@permission_required(TAGS, raise_exception=True)
def tag_edit(request, pk):
    tag = get_object_or_404(scoping.visible(request.user, Tag), pk=pk)
    form = TagForm(request.POST or None, initial={"name": tag.name, "description": tag.description})
    merge = TagMergeForm(tag=tag)
    if request.method == "POST" and form.is_valid():
        try:
            services_codes.tag_update(actor=request.user, tag=tag, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("system:tags")
    return render(
        request, "cadres/system/tag_form.html", {"form": form, "merge": merge, "tag": tag}
    )


@require_POST
@permission_required(TAGS, raise_exception=True)
def tag_merge(request, pk):
    tag = get_object_or_404(scoping.visible(request.user, Tag), pk=pk)
    merge = TagMergeForm(request.POST, tag=tag)
    if merge.is_valid():
        try:
            into = merge.cleaned_data["into"]
            services_codes.tag_merge(actor=request.user, tag=tag, into=into)
        except ValidationError as exc:
            apply_errors(merge, exc)
        else:
            messages.success(
                request, _("已把“%(a)s”并入“%(b)s”。") % {"a": tag.name, "b": into.name}
            )
            return redirect("system:tags")
    form = TagForm(initial={"name": tag.name, "description": tag.description})
    return render(
        request, "cadres/system/tag_form.html", {"form": form, "merge": merge, "tag": tag}
    )


@require_POST
@permission_required(TAGS, raise_exception=True)
def tag_delete(request, pk):
    tag = get_object_or_404(scoping.visible(request.user, Tag), pk=pk)
    try:
        services_codes.tag_delete(actor=request.user, tag=tag)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已删除标签：%(name)s") % {"name": tag.name})
    return redirect("system:tags")
