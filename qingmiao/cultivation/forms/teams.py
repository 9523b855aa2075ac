"""Forms of the team pages. The rules (sizes, one team each, participants only) live in
services/teams.py; these only shape input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.forms import MarkInvalidMixin
from qingmiao.cadres.models import Cadre

from .practice import date_field, style


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


class CadreMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


class MentorMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


def mentor_choices():
    return User.objects.filter(role=Role.MENTOR, is_active=True).order_by("full_name", "username")


class SettingsForm(MarkInvalidMixin, forms.Form):
    team_min_size = forms.IntegerField(label=_("每组最少人数"), min_value=1, max_value=50)
    team_max_size = forms.IntegerField(label=_("每组最多人数"), min_value=1, max_value=50)
    teams_self_formed = forms.BooleanField(
        label=_("学员自主组队"),
        required=False,
        help_text=_("不勾选则由组织统一分组，学员不能自行组队。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class TeamCreateForm(MarkInvalidMixin, forms.Form):
    """A cadre founds a team (phone)."""

    name = forms.CharField(label=_("组名"), max_length=40)
    topic = forms.CharField(label=_("调研课题"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class InviteForm(MarkInvalidMixin, forms.Form):
    cadre = CadreChoiceField(
        label=_("邀请学员"), queryset=Cadre.objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = candidates
        style(self)


class TeamFormForm(MarkInvalidMixin, forms.Form):
    """Staff form a team."""

    name = forms.CharField(label=_("组名"), max_length=40)
    topic = forms.CharField(label=_("调研课题"), max_length=120, required=False)
    members = CadreMultipleChoiceField(
        label=_("组员"),
        queryset=Cadre.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    mentors = MentorMultipleChoiceField(
        label=_("指导导师"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates
        self.fields["mentors"].queryset = mentor_choices()
        style(self)


class TeamEditForm(MarkInvalidMixin, forms.Form):
    name = forms.CharField(label=_("组名"), max_length=40)
    topic = forms.CharField(label=_("调研课题"), max_length=120, required=False)
    leader = CadreChoiceField(label=_("组长"), queryset=Cadre.objects.none(), required=False)
    mentors = MentorMultipleChoiceField(
        label=_("指导导师"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = members
        self.fields["mentors"].queryset = mentor_choices()
        style(self)


class MemberAddForm(MarkInvalidMixin, forms.Form):
    cadre = CadreChoiceField(
        label=_("加入组员"), queryset=Cadre.objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = candidates
        style(self)


class TaskForm(MarkInvalidMixin, forms.Form):
    title = forms.CharField(label=_("任务"), max_length=120)
    due_date = date_field(_("完成期限"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].required = False
        style(self)
