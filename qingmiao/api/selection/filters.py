import django_filters
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.selection.models import Application, Program, Stage, Track


class ApplicationFilter(django_filters.FilterSet):
    """Filters of the application list. The choices of program and track are limited to what
    the user may see, so an id outside the scope is refused like an unknown one."""

    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Application.Status.choices)
    track = django_filters.ModelChoiceFilter(label=_("赛道"), queryset=Track.objects.none())
    mode = django_filters.ChoiceFilter(label=_("报名方式"), choices=Application.Mode.choices)

    class Meta:
        model = Application
        fields = ["program", "status", "track", "mode"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)
            self.filters["track"].queryset = scoping.visible(user, Track)


class StageFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())

    class Meta:
        model = Stage
        fields = ["program"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)
