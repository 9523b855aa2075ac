from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。连续多次错误将锁定账户。"),
        "inactive": _("该账户已停用。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-lg"


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("用户名"), required=False)
    action = forms.CharField(label=_("事件"), required=False)
    outcome = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部")), *AuditEntry.Outcome.choices]
    )
    object_type = forms.CharField(label=_("对象类型"), required=False)
    object_id = forms.CharField(label=_("对象编号"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm",
            )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["actor"]:
            queryset = queryset.filter(actor_username__iexact=data["actor"])
        if data["action"]:
            queryset = queryset.filter(action__startswith=data["action"])
        if data["outcome"]:
            queryset = queryset.filter(outcome=data["outcome"])
        if data["object_type"]:
            queryset = queryset.filter(object_type=data["object_type"])
        if data["object_id"]:
            queryset = queryset.filter(object_id=data["object_id"])
        if data["date_from"]:
            queryset = queryset.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            queryset = queryset.filter(created_at__date__lte=data["date_to"])
        return queryset
