"""Forms of the mentoring pages. They shape input; the services hold the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts.models import User
from qingmiao.cadres.models import OrgUnit

from ..models import MentoringLog, MentorProfile
from ..services.mentoring import MENTOR_ROLES

FOLLOW_UP_ROWS = 3


def _style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (checkbox lists keep their own layout)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RoleForm(Styled):
    name = forms.CharField(label=_("导师类别"), max_length=30)
    sort = forms.IntegerField(label=_("排序"), min_value=0, max_value=99, required=False)
    exclude_own_superior = forms.BooleanField(
        label=_("回避本单位直接上级"), required=False, initial=True
    )


class SettingsForm(Styled):
    quiet_pair_weeks = forms.IntegerField(
        label=_("帮带提醒周数"),
        min_value=1,
        max_value=52,
        help_text=_("结对超过这么多周没有经确认的帮带记录，即提醒导师和工作人员。"),
    )


class MentorForm(Styled):
    user = forms.ModelChoiceField(label=_("导师账号"), queryset=User.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("导师来源"), choices=MentorProfile.Kind.choices)
    unit = forms.ModelChoiceField(
        label=_("所在单位"), queryset=OrgUnit.objects.none(), required=False
    )
    organization = forms.CharField(label=_("单位或企业"), max_length=100, required=False)
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    capacity = forms.IntegerField(label=_("可带学员数"), min_value=1, max_value=50, initial=3)
    specialties = forms.CharField(
        label=_("专长领域"),
        max_length=200,
        required=False,
        help_text=_("用空格或顿号分隔，如：招商引资、产业经济"),
    )
    role_names = forms.MultipleChoiceField(
        label=_("可担任的导师类别"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("在任"), required=False, initial=True)

    def __init__(self, *args, editing=False, role_names=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = User.objects.filter(
                role__in=MENTOR_ROLES, is_active=True, mentor_profile__isnull=True
            ).order_by("full_name", "username")
            self.fields["user"].label_from_instance = lambda u: (
                f"{u.full_name or u.username}（{u.get_role_display()}）"
            )
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["role_names"].choices = [(n, n) for n in role_names]


class ReassignForm(Styled):
    mentor = forms.ModelChoiceField(label=_("改为导师"), queryset=User.objects.none())

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = User.objects.filter(
            pk__in=[p.user_id for p in choices]
        ).order_by("full_name")
        labels = {
            p.user_id: f"{p.user.full_name or p.user.username}（{p.load}/{p.capacity}）"
            for p in choices
        }
        self.fields["mentor"].label_from_instance = lambda u: labels.get(u.pk, str(u))


class LogForm(Styled):
    date = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    mode = forms.ChoiceField(label=_("方式"), choices=MentoringLog.Mode.choices)
    topic = forms.CharField(label=_("主题"), max_length=100)
    duration_minutes = forms.IntegerField(label=_("时长（分钟）"), min_value=1, max_value=600)
    notes = forms.CharField(
        label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        for i in range(FOLLOW_UP_ROWS):
            self.fields[f"follow_up_{i}_text"] = forms.CharField(
                label=_("跟进事项"), max_length=200, required=False
            )
            self.fields[f"follow_up_{i}_due"] = forms.DateField(
                label=_("完成期限"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
        _style(self)

    def follow_up_rows(self):
        return [
            (self[f"follow_up_{i}_text"], self[f"follow_up_{i}_due"]) for i in range(FOLLOW_UP_ROWS)
        ]

    def follow_ups(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "text": data.get(f"follow_up_{i}_text", ""),
                "due_date": data.get(f"follow_up_{i}_due"),
            }
            for i in range(FOLLOW_UP_ROWS)
        ]

    def service_field(self, key: str) -> str:
        """A service's `follow_ups.<i>.<field>` error lands on the row's own field."""
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "follow_ups":
            return f"follow_up_{parts[1]}_{'text' if parts[2] == 'text' else 'due'}"
        return key
