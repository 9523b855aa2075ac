"""Representations of the curriculum: topics, lecturers, bases, routes, courses, sessions and
study trips. Write serializers only parse; the services decide (a refusal is a 400 in the same
words as the page)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.accounts import scoping
from qingmiao.cadres.models import OrgUnit
from qingmiao.cultivation.models import (
    Course,
    Lecturer,
    Session,
    SiteRoute,
    StudyTrip,
    StudyTripParticipant,
    Topic,
    TrainingBase,
)
from qingmiao.selection.models import Program, Track

from ...cadres.serializers import MAX_ID


def _name(field: str):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


def _hours(**kwargs):
    # No minimum here: the service refuses a negative number, in the page's words.
    return serializers.DecimalField(max_digits=6, decimal_places=1, **kwargs)


class _Ref(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class _ProgramRef(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class _TrackRef(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    program = serializers.IntegerField(source="program_id", read_only=True)


class _CourseRef(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    topic = serializers.IntegerField(source="topic_id", read_only=True)
    topic_name = serializers.CharField(source="topic.name", read_only=True)


# --- read ------------------------------------------------------------------------------------


class TopicSerializer(serializers.ModelSerializer):
    course_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "organizer", "name", "description", "sort", "course_count"]
        read_only_fields = fields


class LecturerSerializer(serializers.ModelSerializer):
    kind_name = _name("kind")
    course_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Lecturer
        fields = [
            "id", "organizer", "name", "kind", "kind_name", "affiliation", "title",
            "course_count",
        ]  # fmt: skip
        read_only_fields = fields


class BaseSerializer(serializers.ModelSerializer):
    session_count = serializers.IntegerField(read_only=True)
    route_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingBase
        fields = [
            "id", "organizer", "name", "address", "field", "description", "is_active",
            "session_count", "route_count",
        ]  # fmt: skip
        read_only_fields = fields


class RouteSerializer(serializers.ModelSerializer):
    bases = _Ref(many=True, read_only=True)
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SiteRoute
        fields = ["id", "organizer", "name", "stops", "bases", "is_active", "session_count"]
        read_only_fields = fields


class CourseSerializer(serializers.ModelSerializer):
    topic_name = serializers.CharField(source="topic.name", read_only=True)
    lecturers = _Ref(many=True, read_only=True)
    programs = _ProgramRef(many=True, read_only=True)
    tracks = _TrackRef(many=True, read_only=True)
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Course
        fields = [
            "id", "organizer", "topic", "topic_name", "title", "credit_hours", "description",
            "lecturers", "programs", "tracks", "session_count",
        ]  # fmt: skip
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    course = _CourseRef(read_only=True)
    lecturers = _Ref(source="course.lecturers", many=True, read_only=True)
    mode_name = _name("mode")
    status_name = _name("status")
    base = _Ref(read_only=True)
    route = _Ref(read_only=True)
    programs = _ProgramRef(many=True, read_only=True)

    class Meta:
        model = Session
        fields = [
            "id", "organizer", "course", "lecturers", "title", "starts_at", "ends_at", "mode",
            "mode_name", "place", "base", "route", "credit_hours", "programs", "status",
            "status_name",
        ]  # fmt: skip
        read_only_fields = fields


class TripSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True, default="")
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = StudyTrip
        fields = [
            "id", "organizer", "program", "program_name", "batch", "title", "destinations",
            "start_date", "end_date", "credit_hours", "participant_count",
        ]  # fmt: skip
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)

    class Meta:
        model = StudyTripParticipant
        fields = ["cadre", "cadre_name", "unit_name"]
        read_only_fields = fields


# --- write -----------------------------------------------------------------------------------


class _ScopedPK(serializers.PrimaryKeyRelatedField):
    """A related id, looked up among the records the user may read (the service then decides
    whether the user may use it); an unknown or unreadable id is 'not found'."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model._default_manager.none()
        return scoping.visible(request.user, self.model)


def _related(model, *, many=False, required=True, **kwargs):
    return _ScopedPK(
        model=model,
        many=many,
        required=required,
        allow_null=not required and not many,
        **kwargs,
    )


class _Write(serializers.ModelSerializer):
    organizer = _related(
        OrgUnit,
        required=False,
        help_text=gettext_lazy("主办单位 id：本单位或下属单位；不传则为本人单位。"),
    )


class TopicWriteSerializer(_Write):
    class Meta:
        model = Topic
        fields = ["organizer", "name", "description", "sort"]
        validators: list = []


class LecturerWriteSerializer(_Write):
    class Meta:
        model = Lecturer
        fields = ["organizer", "name", "kind", "affiliation", "title"]
        validators: list = []


class BaseWriteSerializer(_Write):
    class Meta:
        model = TrainingBase
        fields = ["organizer", "name", "address", "field", "description", "is_active"]
        validators: list = []


class RouteWriteSerializer(_Write):
    bases = _related(TrainingBase, many=True, required=False)

    class Meta:
        model = SiteRoute
        fields = ["organizer", "name", "stops", "bases", "is_active"]
        validators: list = []


class CourseWriteSerializer(_Write):
    topic = _related(Topic)
    credit_hours = _hours()
    lecturers = _related(Lecturer, many=True, required=False)
    programs = _related(Program, many=True, required=False)
    tracks = _related(Track, many=True, required=False)

    class Meta:
        model = Course
        fields = [
            "organizer", "topic", "title", "credit_hours", "description", "lecturers",
            "programs", "tracks",
        ]  # fmt: skip
        validators: list = []


class SessionWriteSerializer(_Write):
    course = _related(Course)
    base = _related(TrainingBase, required=False)
    route = _related(SiteRoute, required=False)
    credit_hours = _hours(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("不传则按课程学时计。"),
    )
    programs = _related(Program, many=True, required=False)

    class Meta:
        model = Session
        fields = [
            "organizer", "course", "title", "starts_at", "ends_at", "mode", "place", "base",
            "route", "credit_hours", "programs", "status",
        ]  # fmt: skip
        validators: list = []


class TripWriteSerializer(_Write):
    program = _related(Program, required=False)
    credit_hours = _hours(required=False)
    participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        help_text=gettext_lazy("参学人员的干部 id，须在本人管理范围内（仅新建时）。"),
    )

    class Meta:
        model = StudyTrip
        fields = [
            "organizer", "program", "batch", "title", "destinations", "start_date",
            "end_date", "credit_hours", "participants",
        ]  # fmt: skip
        validators: list = []


class ParticipantsAddSerializer(serializers.Serializer):
    cadres = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        help_text=gettext_lazy("要添加的干部 id，须在本人管理范围内；已在本批次的跳过。"),
    )
