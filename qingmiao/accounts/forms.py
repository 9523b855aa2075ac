from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
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


def _event_choices():
    """Whole areas first (a prefix filter), then each described event by its Chinese name."""
    from . import ledger

    events = sorted(ledger.known_events().items(), key=lambda item: item[0])
    areas = [
        ("accounts.", _("账户与登录（全部）")),
        ("cadres.", _("干部档案、单位与代码（全部）")),
        ("selection.", _("选拔（全部）")),
    ]
    return [("", _("全部")), *areas, *((code, str(label)) for code, label in events)]


def _object_type_choices():
    from django.apps import apps

    models = [
        (m._meta.label_lower, str(m._meta.verbose_name))
        for m in apps.get_models()
        if m.__module__.startswith("qingmiao.")
    ]
    return [("", _("全部")), *sorted(models, key=lambda item: item[1])]


class AuditFilterForm(forms.Form):
    """Who, what kind of event, when, on what. `action` matches a code or the start of one, so
    a whole area (“accounts.”) is one choice."""

    actor = forms.CharField(label=_("操作人"), required=False)
    action = forms.CharField(label=_("事件"), required=False, widget=forms.Select())
    outcome = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部")), *AuditEntry.Outcome.choices]
    )
    object_type = forms.CharField(label=_("对象类型"), required=False, widget=forms.Select())
    object = forms.CharField(label=_("对象名称"), required=False)
    object_id = forms.CharField(label=_("对象编号"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].widget.choices = _event_choices()
        self.fields["object_type"].widget.choices = _object_type_choices()
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
            queryset = queryset.filter(
                Q(actor_username__iexact=data["actor"]) | Q(actor__full_name=data["actor"])
            )
        if data["action"]:
            queryset = queryset.filter(action__startswith=data["action"])
        if data["outcome"]:
            queryset = queryset.filter(outcome=data["outcome"])
        if data["object_type"]:
            queryset = queryset.filter(object_type=data["object_type"])
        if data["object"]:
            queryset = queryset.filter(object_repr__icontains=data["object"])
        if data["object_id"]:
            queryset = queryset.filter(object_id=data["object_id"])
        if data["date_from"]:
            queryset = queryset.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            queryset = queryset.filter(created_at__date__lte=data["date_to"])
        return queryset
