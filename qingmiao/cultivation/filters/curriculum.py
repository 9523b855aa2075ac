"""The curriculum lists' filters, one per resource, shared by the pages and the API.

Choices (topic, program, base...) are limited to what the user may see, so an id outside the
scope is refused like an unknown one. Every filter the pages offer has an index (see the models'
`Meta.indexes` and the foreign keys')."""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.selection.models import Program, Track

from ..models import (
    Course,
    Lecturer,
    Session,
    SiteRoute,
    StudyTrip,
    Topic,
    TrainingBase,
)

ACTIVE_CHOICES = (("1", _("在用")), ("0", _("已停用")))


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


def _programs(user):
    return scoping.visible(user, Program).order_by("-created_at", "-id")


class _Scoped(django_filters.FilterSet):
    """Sets each scoped choice's queryset from the user: {filter name: model}."""

    scoped: dict = {}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in self.scoped.items():
            if user is None:
                self.filters[name].queryset = model._default_manager.none()
            elif model is Program:
                self.filters[name].queryset = _programs(user)
            elif model is Track:
                self.filters[name].queryset = Track.objects.filter(
                    program__in=_programs(user).values("pk")
                )
            else:
                self.filters[name].queryset = scoping.visible(user, model)


class TopicFilter(_Scoped):
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")
    sort = django_filters.OrderingFilter(
        fields=(("sort", "sort"), ("name", "name"), ("course_count", "courses"))
    )

    class Meta:
        model = Topic
        fields = ["q"]


class LecturerFilter(_Scoped):
    q = django_filters.CharFilter(label=_("姓名或机构"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=Lecturer.Kind.choices)
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("kind", "kind"), ("course_count", "courses"))
    )

    class Meta:
        model = Lecturer
        fields = ["q", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__contains=value) | Q(affiliation__contains=value))


class _PlaceFilter(_Scoped):
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")
    active = django_filters.ChoiceFilter(
        label=_("状态"), choices=ACTIVE_CHOICES, method="filter_active"
    )

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")


class BaseFilter(_PlaceFilter):
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("session_count", "sessions"), ("route_count", "routes"))
    )

    class Meta:
        model = TrainingBase
        fields = ["q", "active"]


class RouteFilter(_PlaceFilter):
    base = django_filters.ModelChoiceFilter(
        label=_("途经基地"), queryset=TrainingBase.objects.none(), field_name="bases"
    )
    sort = django_filters.OrderingFilter(fields=(("name", "name"), ("session_count", "sessions")))
    scoped = {"base": TrainingBase}

    class Meta:
        model = SiteRoute
        fields = ["q", "active", "base"]


class CourseFilter(_Scoped):
    q = django_filters.CharFilter(label=_("课程名称"), field_name="title", lookup_expr="contains")
    topic = django_filters.ModelChoiceFilter(label=_("专题"), queryset=Topic.objects.none())
    lecturer = django_filters.ModelChoiceFilter(
        label=_("授课人"), queryset=Lecturer.objects.none(), field_name="lecturers"
    )
    program = django_filters.ModelChoiceFilter(
        label=_("所属项目"), queryset=Program.objects.none(), field_name="programs"
    )
    track = django_filters.ModelChoiceFilter(
        label=_("所属赛道"), queryset=Track.objects.none(), field_name="tracks"
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("title", "title"),
            ("topic__sort", "topic"),
            ("credit_hours", "hours"),
            ("session_count", "sessions"),
        )
    )
    scoped = {"topic": Topic, "lecturer": Lecturer, "program": Program, "track": Track}

    class Meta:
        model = Course
        fields = ["q", "topic", "lecturer", "program", "track"]


class _DateRange(django_filters.FilterSet):
    """`date_from`/`date_to` as whole local days."""

    def _day_start(self, value):
        return timezone.make_aware(datetime.combine(value, time.min))


class SessionFilter(_Scoped, _DateRange):
    q = django_filters.CharFilter(label=_("课程或主题"), method="filter_q")
    mode = django_filters.ChoiceFilter(label=_("形式"), choices=Session.Mode.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Session.Status.choices)
    topic = django_filters.ModelChoiceFilter(
        label=_("专题"), queryset=Topic.objects.none(), field_name="course__topic"
    )
    course = django_filters.ModelChoiceFilter(label=_("课程"), queryset=Course.objects.none())
    program = django_filters.ModelChoiceFilter(
        label=_("所属项目"), queryset=Program.objects.none(), field_name="programs"
    )
    base = django_filters.ModelChoiceFilter(
        label=_("教学基地"), queryset=TrainingBase.objects.none()
    )
    route = django_filters.ModelChoiceFilter(label=_("观摩线路"), queryset=SiteRoute.objects.none())
    date_from = django_filters.DateFilter(
        label=_("起始日期"), method="filter_from", widget=_date_input()
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), method="filter_to", widget=_date_input()
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("starts_at", "time"),
            ("course__title", "course"),
            ("mode", "mode"),
            ("credit_hours", "hours"),
        )
    )
    scoped = {
        "topic": Topic,
        "course": Course,
        "program": Program,
        "base": TrainingBase,
        "route": SiteRoute,
    }

    class Meta:
        model = Session
        fields = ["q", "mode", "status", "topic", "course", "program", "base", "route"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__contains=value) | Q(course__title__contains=value))

    def filter_from(self, queryset, name, value):
        return queryset.filter(starts_at__gte=self._day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(starts_at__lt=self._day_start(value) + timedelta(days=1))


class TripFilter(_Scoped):
    q = django_filters.CharFilter(label=_("主题或目的地"), method="filter_q")
    program = django_filters.ModelChoiceFilter(label=_("所属项目"), queryset=Program.objects.none())
    date_from = django_filters.DateFilter(
        label=_("起始日期"), field_name="end_date", lookup_expr="gte", widget=_date_input()
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), field_name="start_date", lookup_expr="lte", widget=_date_input()
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("start_date", "date"),
            ("batch", "batch"),
            ("participant_count", "people"),
            ("credit_hours", "hours"),
        )
    )
    scoped = {"program": Program}

    class Meta:
        model = StudyTrip
        fields = ["q", "program"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__contains=value) | Q(destinations__contains=value))
