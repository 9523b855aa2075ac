"""Forms of the security administrator's account screens. They read input; the services in
accounts/services.py decide and save."""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from . import scoping
from .roles import Role


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * (obj.depth - 1) + obj.name


def _unit_field(user, *, required=False, label=None):
    units = scoping.visible(user, apps.get_model("cadres", "OrgUnit")).order_by("path")
    return UnitChoiceField(
        queryset=units, label=label or _("所属单位"), required=required, empty_label="—"
    )


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        else:
            widget.attrs.setdefault("class", "form-control form-control-sm")


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("用户名或姓名"), required=False)
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部"))])
    locked = forms.ChoiceField(
        label=_("锁定"),
        required=False,
        choices=[("", _("全部")), ("yes", _("已锁定")), ("no", _("未锁定"))],
    )
    active = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("yes", _("启用")), ("no", _("停用"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("全部")), *Role.choices]
        self.fields["unit"] = _unit_field(user, label=_("单位（含下级）"))
        _style(self)


class _PasswordPair(forms.Form):
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("再次输入密码"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class UserCreateForm(_PasswordPair):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    cadre_id_number = forms.CharField(
        label=_("关联干部档案（身份证号码）"),
        max_length=18,
        required=False,
        help_text=_("角色为“干部”时，填写本人身份证号码以关联其档案；可不填。"),
    )
    field_order = ["username", "full_name", "phone", "role", "org_unit", "cadre_id_number"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = _unit_field(user)
        self.order_fields(self.field_order)
        _style(self)


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    is_active = forms.BooleanField(label=_("启用"), required=False)

    def __init__(self, *args, user, own: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = _unit_field(user)
        self.order_fields(["full_name", "phone", "role", "org_unit", "is_active"])
        if own:
            # Nobody changes their own role, unit or status (三权分立): shown, not editable.
            for name in ("role", "org_unit", "is_active"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("不能修改自己的角色、所属单位或状态。")
        _style(self)


class PasswordResetForm(_PasswordPair):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
