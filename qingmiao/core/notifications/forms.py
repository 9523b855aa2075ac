from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from qingmiao.core.models.notifications import WebhookEndpoint

from . import registry


class WebhookEndpointForm(forms.Form):
    """Plain fields only: the rules (http/https, events a robot may carry) live in the model and
    the service, whose messages come back onto these fields."""

    name = forms.CharField(label=_("名称"), max_length=60)
    kind = forms.ChoiceField(label=_("类型"), choices=WebhookEndpoint.Kind.choices)
    url = forms.CharField(
        label=_("推送地址"),
        max_length=500,
        help_text=_("在群设置中添加机器人后复制的 Webhook 地址。"),
    )
    secret = forms.CharField(
        label=_("加签密钥"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("钉钉机器人开启“加签”时填写；修改时留空表示不变。"),
    )
    events = forms.MultipleChoiceField(
        label=_("推送事项"), required=False, widget=forms.CheckboxSelectMultiple
    )
    enabled = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["events"]).choices = [
            (k.code, k.name) for k in registry.all_kinds() if k.robots
        ]
        for name, field in self.fields.items():
            if name not in ("events", "enabled"):
                field.widget.attrs["class"] = "form-select" if name == "kind" else "form-control"


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))],
    )

    def __init__(self, *args, **kwargs):
        from qingmiao.core.models.notifications import Delivery

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("全部")),
            *Delivery.Status.choices,
        ]
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"
