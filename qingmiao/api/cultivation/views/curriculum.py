"""Endpoints of the curriculum area: topics, lecturers, bases, routes, courses, sessions and
study trips, over the same selectors, filters and services as the pages.

Every role with `cultivation.view_curriculum` reads the catalogue; changing it needs
`cultivation.manage_curriculum` and the record's organizer in the user's subtree (404 outside).
"""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.cultivation.exports import curriculum as lists
from qingmiao.cultivation.selectors import curriculum as selectors
from qingmiao.cultivation.services import curriculum as services

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import curriculum as serializers

VIEW = "cultivation.view_curriculum"
MANAGE = "cultivation.manage_curriculum"


def _schema(noun: str, read, write):
    return extend_schema_view(
        list=extend_schema(
            summary=gettext_lazy("%(noun)s列表") % {"noun": noun},
            description=gettext_lazy("课程体系对能查看课程体系的角色全部可见。"),
        ),
        retrieve=extend_schema(summary=gettext_lazy("%(noun)s详情") % {"noun": noun}),
        create=extend_schema(
            summary=gettext_lazy("新建%(noun)s") % {"noun": noun},
            description=gettext_lazy(
                "出错时返回 400 和逐字段的错误信息，不保存任何内容。主办单位须在本人单位范围内。"
            ),
            request=write,
            responses={201: read},
        ),
        partial_update=extend_schema(
            summary=gettext_lazy("修改%(noun)s") % {"noun": noun},
            description=gettext_lazy("只改所传字段。主办单位不在本人单位范围内的记录返回 404。"),
            request=write,
            responses={200: read},
        ),
        destroy=extend_schema(
            summary=gettext_lazy("删除%(noun)s") % {"noun": noun},
            description=gettext_lazy("仍被使用的记录不能删除，返回 400 和原因。"),
        ),
    )


class _Catalogue(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """List, read, create, change (PATCH) and delete one resource of the catalogue.

    A resource names its `key` (topic, lecturer, base, route, course, session, trip) and its
    serializers; everything else follows from the key, as the services and selectors are named
    after it: `services.<key>_create(actor=, data=, **m2m)`, `<key>_update(actor=, <key>=,
    data=, **m2m)`, `<key>_delete(actor=, <key>=)`, getters `selectors.<key>_get` (reading)
    and `managed_<key>_get` (changing: 404 outside the user's subtree).
    """

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends = [ScopedFilterBackend]
    key = ""
    write_serializer_class: type
    m2m: tuple[str, ...] = ()
    extra_getters: dict = {}
    required_perms = {
        "list": VIEW,
        "retrieve": VIEW,
        "create": MANAGE,
        "partial_update": MANAGE,
        "destroy": MANAGE,
    }

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        managed = getattr(selectors, f"managed_{cls.key}_get")
        cls.getter = staticmethod(getattr(selectors, f"{cls.key}_get"))
        cls.getters = {"partial_update": managed, "destroy": managed, **cls.extra_getters}
        cls.filterset_class = lists.LISTS[cls.key][1]

    def get_queryset(self):
        return lists.LISTS[self.key][0](self.request.user)

    def _service(self, verb: str):
        return getattr(services, f"{self.key}_{verb}")

    def relations(self, actor, m2m: dict, *, creating: bool) -> dict:
        """The many-to-many values as the service takes them (the serializer already turned
        ids into records)."""
        return m2m

    def _parse(self, request, partial=False) -> tuple[dict, dict]:
        ser = self.write_serializer_class(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        ser.is_valid(raise_exception=True)
        values = dict(ser.validated_data)
        m2m = {k: values.pop(k) for k in self.m2m if k in values}
        return values, self.relations(request.user, m2m, creating=not partial)

    def _read(self, obj, code=status.HTTP_200_OK, headers=None) -> Response:
        return Response(self.serializer_class(self.refetch(obj)).data, status=code, headers=headers)

    def create(self, request, *args, **kwargs):
        data, m2m = self._parse(request)
        obj = self._service("create")(actor=request.user, data=data, **m2m)
        location = reverse(f"api:{self.basename}-detail", args=[obj.pk])
        return self._read(obj, status.HTTP_201_CREATED, {"Location": location})

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        data, m2m = self._parse(request, partial=True)
        self._service("update")(actor=request.user, data=data, **{self.key: obj}, **m2m)
        return self._read(obj)

    def destroy(self, request, *args, **kwargs):
        self._service("delete")(actor=request.user, **{self.key: self.get_object()})
        return Response(status=status.HTTP_204_NO_CONTENT)


@_schema(gettext_lazy("专题"), serializers.TopicSerializer, serializers.TopicWriteSerializer)
class TopicViewSet(_Catalogue):
    key = "topic"
    serializer_class = serializers.TopicSerializer
    write_serializer_class = serializers.TopicWriteSerializer


@_schema(
    gettext_lazy("授课人"), serializers.LecturerSerializer, serializers.LecturerWriteSerializer
)
class LecturerViewSet(_Catalogue):
    key = "lecturer"
    serializer_class = serializers.LecturerSerializer
    write_serializer_class = serializers.LecturerWriteSerializer


@_schema(gettext_lazy("教学基地"), serializers.BaseSerializer, serializers.BaseWriteSerializer)
class BaseViewSet(_Catalogue):
    key = "base"
    serializer_class = serializers.BaseSerializer
    write_serializer_class = serializers.BaseWriteSerializer


@_schema(gettext_lazy("观摩线路"), serializers.RouteSerializer, serializers.RouteWriteSerializer)
class RouteViewSet(_Catalogue):
    key = "route"
    m2m = ("bases",)
    serializer_class = serializers.RouteSerializer
    write_serializer_class = serializers.RouteWriteSerializer


@_schema(gettext_lazy("课程"), serializers.CourseSerializer, serializers.CourseWriteSerializer)
class CourseViewSet(_Catalogue):
    key = "course"
    m2m = ("lecturers", "programs", "tracks")
    serializer_class = serializers.CourseSerializer
    write_serializer_class = serializers.CourseWriteSerializer


@_schema(
    gettext_lazy("授课安排"), serializers.SessionSerializer, serializers.SessionWriteSerializer
)
class SessionViewSet(_Catalogue):
    key = "session"
    m2m = ("programs",)
    serializer_class = serializers.SessionSerializer
    write_serializer_class = serializers.SessionWriteSerializer
    required_perms = {**_Catalogue.required_perms, "upcoming": VIEW}

    @extend_schema(
        summary=gettext_lazy("近期授课"),
        description=gettext_lazy(
            "从所给日期（默认今天）所在周的周一起两周内未取消的授课安排，按时间先后。"
        ),
        parameters=[OpenApiParameter("from", str, description=gettext_lazy("日期，如 2026-12-01"))],
        responses={200: serializers.SessionSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def upcoming(self, request):
        start = parse_date(request.query_params.get("from", "") or "") or timezone.localdate()
        sessions = selectors.upcoming_sessions(request.user, start=start)
        return Response(serializers.SessionSerializer(sessions, many=True).data)


@_schema(gettext_lazy("外出学习批次"), serializers.TripSerializer, serializers.TripWriteSerializer)
class TripViewSet(_Catalogue):
    key = "trip"
    serializer_class = serializers.TripSerializer
    write_serializer_class = serializers.TripWriteSerializer
    m2m = ("participants",)
    extra_getters = {
        "participants_add": selectors.managed_trip_get,
        "participant_remove": selectors.managed_trip_get,
    }
    required_perms = {
        **_Catalogue.required_perms,
        "participants": VIEW,
        "participants_add": MANAGE,
        "participant_remove": MANAGE,
    }

    def relations(self, actor, m2m: dict, *, creating: bool) -> dict:
        # Participants are named when a batch is made; later they are added and removed on
        # their own endpoints.
        if not creating:
            return {}
        return {"participants": selectors.cadres_by_ids(actor, m2m.get("participants", []))}

    @extend_schema(
        summary=gettext_lazy("外出学习人员"),
        description=gettext_lazy("本批次中本人可以查看的参学人员，按姓名拼音排序。"),
        responses={200: serializers.ParticipantSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def participants(self, request, pk=None):
        trip = self.get_object()
        rows = selectors.trip_participants(request.user, trip)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializers.ParticipantSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("添加外出学习人员"),
        description=gettext_lazy(
            "从本人管理范围内的干部中添加；有人不在范围内时返回 400，不添加任何人。"
        ),
        request=serializers.ParticipantsAddSerializer,
        responses={200: serializers.TripSerializer},
    )
    @participants.mapping.post
    def participants_add(self, request, pk=None):
        trip = self.get_object()
        ser = serializers.ParticipantsAddSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        people = selectors.cadres_by_ids(request.user, ser.validated_data["cadres"])
        services.trip_participants_add(actor=request.user, trip=trip, cadres=people)
        return self._read(trip)

    @extend_schema(
        summary=gettext_lazy("移出外出学习人员"),
        responses={204: None},
    )
    @action(detail=True, methods=["delete"], url_path=r"participants/(?P<cadre_id>[0-9]{1,12})")
    def participant_remove(self, request, pk=None, cadre_id=None):
        trip = self.get_object()
        people = selectors.cadres_in_scope(request.user, [cadre_id])
        if not people:
            raise Http404
        services.trip_participant_remove(actor=request.user, trip=trip, cadre=people[0])
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES: list = [
    ("curriculum/topics", TopicViewSet, "cultivation-topic"),
    ("curriculum/lecturers", LecturerViewSet, "cultivation-lecturer"),
    ("curriculum/bases", BaseViewSet, "cultivation-base"),
    ("curriculum/routes", RouteViewSet, "cultivation-route"),
    ("curriculum/courses", CourseViewSet, "cultivation-course"),
    ("curriculum/sessions", SessionViewSet, "cultivation-session"),
    ("curriculum/trips", TripViewSet, "cultivation-trip"),
]
