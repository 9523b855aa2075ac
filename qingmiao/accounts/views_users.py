"""The security administrator's account screens: list, create, change role and unit, reset a
password, unlock, deactivate. Accounts only: no cadre record is shown here (三权分立)."""

from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors

from . import services
from .forms_users import PasswordResetForm, UserCreateForm, UserEditForm, UserFilterForm
from .models import User

MANAGE = "accounts.manage_users"


def _accounts(request):
    # Accounts are not scoped records: a security administrator manages every account, and
    # only they reach these screens (the capability below).
    locked = AccessAttempt.objects.filter(
        username=OuterRef("username"), failures_since_start__gte=get_failure_limit(None, None)
    )
    return User.objects.select_related("org_unit").annotate(locked=Exists(locked))


def _account(request, pk) -> User:

    return get_object_or_404(_accounts(request), pk=pk)


@never_cache
@permission_required(MANAGE, raise_exception=True)
def user_list(request):
    form = UserFilterForm(request.GET or None, user=request.user)
    users = _accounts(request).order_by("username")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            users = users.filter(
                Q(username__icontains=data["q"]) | Q(full_name__icontains=data["q"])
            )
        if data["role"]:
            users = users.filter(role=data["role"])
        if data["unit"]:
            users = users.filter(org_unit__path__startswith=data["unit"].path)
        if data["locked"]:
            users = users.filter(locked=data["locked"] == "yes")
        if data["active"]:
            users = users.filter(is_active=data["active"] == "yes")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/users/user_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@never_cache
@permission_required(MANAGE, raise_exception=True)
def user_add(request):
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                org_unit=data["org_unit"],
                full_name=data["full_name"],
                phone=data["phone"],
                cadre_id_number=data["cadre_id_number"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已新建用户：%(name)s") % {"name": user.display_name})
            return redirect("users:list")
    return render(request, "accounts/users/user_form.html", {"form": form, "account": None})


@never_cache
@permission_required(MANAGE, raise_exception=True)
def user_edit(request, pk):
    account = _account(request, pk)
    initial = {
        "full_name": account.full_name,
        "phone": account.phone,
        "role": account.role,
        "org_unit": account.org_unit,
        "is_active": account.is_active,
    }
    own = account.pk == request.user.pk
    form = UserEditForm(request.POST or None, initial=initial, user=request.user, own=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=account, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("users:list")
    return render(
        request,
        "accounts/users/user_form.html",
        {"form": form, "account": account, "own": own, "password_form": PasswordResetForm()},
    )


@never_cache
@permission_required(MANAGE, raise_exception=True)
def user_password(request, pk):
    account = _account(request, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_reset(
                actor=request.user, user=account, password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("已重置“%(name)s”的密码。") % {"name": account.display_name}
            )
            return redirect("users:list")
    return render(request, "accounts/users/password_form.html", {"form": form, "account": account})


@require_POST
@permission_required(MANAGE, raise_exception=True)
def user_unlock(request, pk):
    account = _account(request, pk)
    try:
        services.user_unlock(actor=request.user, user=account)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已解锁“%(name)s”。") % {"name": account.display_name})
    return redirect("users:list")


@require_POST
@permission_required(MANAGE, raise_exception=True)
def user_deactivate(request, pk):
    account = _account(request, pk)
    try:
        services.user_update(actor=request.user, user=account, data={"is_active": False})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已停用“%(name)s”。") % {"name": account.display_name})
    return redirect("users:list")
