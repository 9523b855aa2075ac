"""The system administrator's org-unit screens: the tree, add, edit, move, merge.

They hold configuration only: no cadre record is shown (the system administrator reads none,
三权分立); a merge says how many cadres a unit holds, because the administrator must say
where they go, and nothing more.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingmiao.accounts import scoping
from qingmiao.core.errors import apply_errors

from . import services_units
from .forms_admin import MergeForm, MoveForm, UnitForm
from .models import OrgUnit

MANAGE = "cadres.manage_orgunits"


def _unit(request, pk) -> OrgUnit:
    return scoping.get_visible_or_404(request.user, OrgUnit, pk=pk)


@never_cache
@permission_required(MANAGE, raise_exception=True)
def unit_tree(request):
    """The whole tree within the user's scope, expanded, in tree order (one query)."""
    units = list(
        scoping.visible(request.user, OrgUnit)
        .select_related("division")
        .annotate(user_count=Count("users"))
        .order_by("path")
    )
    base = min((u.depth for u in units), default=1)
    for unit in units:
        unit.indent = unit.depth - base
    return render(request, "cadres/system/unit_tree.html", {"units": units})


@never_cache
@permission_required(MANAGE, raise_exception=True)
def unit_add(request, pk):
    parent = _unit(request, pk)
    form = UnitForm(request.POST or None, initial={"unit_type": parent.unit_type})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services_units.orgunit_create(
                actor=request.user, parent=parent, data=form.service_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已新增单位：%(name)s") % {"name": unit.name})
            return redirect("system:units")
    return render(
        request,
        "cadres/system/unit_form.html",
        {"form": form, "title": _("在“%(name)s”下新增单位") % {"name": parent.name}},
    )


@never_cache
@permission_required(MANAGE, raise_exception=True)
def unit_edit(request, pk):
    unit = _unit(request, pk)
    form = UnitForm(request.POST or None, initial=UnitForm.initial_for(unit))
    if request.method == "POST" and form.is_valid():
        try:
            services_units.orgunit_update(actor=request.user, unit=unit, data=form.service_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("system:units")
    return render(
        request,
        "cadres/system/unit_form.html",
        {"form": form, "title": _("修改单位：%(name)s") % {"name": unit.name}},
    )


@never_cache
@permission_required(MANAGE, raise_exception=True)
def unit_move(request, pk):
    unit = _unit(request, pk)
    form = MoveForm(
        request.POST or None,
        user=request.user,
        initial={"parent": OrgUnit.objects.get_parent(unit)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_units.orgunit_move(
                actor=request.user, unit=unit, parent=form.cleaned_data["parent"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已把“%(name)s”移到“%(parent)s”之下。")
                % {"name": unit.name, "parent": form.cleaned_data["parent"].name},
            )
            return redirect("system:units")
    return render(
        request,
        "cadres/system/unit_form.html",
        {
            "form": form,
            "title": _("调整隶属关系：%(name)s") % {"name": unit.name},
            "note": _("该单位连同它的全部下级单位一起移动。"),
        },
    )


@never_cache
@permission_required(MANAGE, raise_exception=True)
def unit_merge(request, pk):
    unit = _unit(request, pk)
    form = MergeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            counts = services_units.orgunit_merge(
                actor=request.user,
                unit=unit,
                into=form.cleaned_data["into"],
                cadres_to=form.cleaned_data["cadres_to"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "已把“%(name)s”并入“%(into)s”：转移干部 %(cadres)d 名、账户 %(users)d 个、"
                    "下级单位 %(children)d 个。"
                )
                % {"name": unit.name, "into": form.cleaned_data["into"].name, **counts},
            )
            return redirect("system:units")
    # A count, not a list: the administrator must know that cadres need a destination.
    cadre_count = services_units.cadre_count(unit)
    return render(
        request,
        "cadres/system/unit_form.html",
        {
            "form": form,
            "title": _("合并单位：%(name)s") % {"name": unit.name},
            "note": _(
                "合并后本单位撤销。本单位现有干部 %(n)d 名、下级单位 %(c)d 个。合并不可撤回。"
            )
            % {"n": cadre_count, "c": unit.numchild},
            "danger": True,
        },
    )
