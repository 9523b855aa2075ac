"""Endpoints of the attendance area, over the same selectors and services as the pages."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from qingmiao.cadres.models import Cadre
from qingmiao.cultivation import signin
from qingmiao.cultivation.exports.attendance import hours_queryset
from qingmiao.cultivation.filters.attendance import MakeUpFilter, ProgressFilter, SessionFilter
from qingmiao.cultivation.selectors import attendance as selectors
from qingmiao.cultivation.services import attendance as services

from ...base import ApiView, ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import attendance as s


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("授课考勤列表"),
        description=gettext_lazy("授课安排及已记录、出席人数。"),
    ),
    retrieve=extend_schema(summary=gettext_lazy("授课考勤详情")),
)
class AttendanceSessionViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.AttendanceSessionSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = SessionFilter
    required_perms = {
        "list": "cultivation.view_attendance",
        "retrieve": "cultivation.view_attendance",
        "roster": "cultivation.take_attendance",
        "roster_save": "cultivation.take_attendance",
        "signin": "cultivation.sign_in",
        "feedback": ("cultivation.view_feedback", "cultivation.view_curriculum"),
        "feedback_submit": "cultivation.give_feedback",
    }
    getter = staticmethod(selectors.session_get)
    getters = {
        "roster": selectors.managed_session_get,
        "roster_save": selectors.managed_session_get,
    }

    def get_queryset(self):
        return (
            selectors.attendance_sessions(self.request.user)
            .select_related("course")
            .prefetch_related("programs")
            .order_by("-starts_at", "-pk")
        )

    def get_object(self):
        if self.action == "retrieve":
            obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
            if obj is None:
                raise Http404
            return obj
        return super().get_object()

    def _roster(self, session):
        rows = []
        for cadre, a, made_up in selectors.roster(self.request.user, session):
            rows.append(
                {
                    "cadre": cadre.pk,
                    "name": cadre.name,
                    "unit_name": cadre.unit.name,
                    "status": a.status if a else "",
                    "minutes_late": a.minutes_late if a else 0,
                    "minutes_early": a.minutes_early if a else 0,
                    "credited_hours": a.credited_hours if a else None,
                    "made_up": made_up,
                }
            )
        return Response({"rows": s.RosterRowSerializer(rows, many=True).data})

    @extend_schema(
        summary=gettext_lazy("点名名单"),
        description=gettext_lazy("应到学员（所属项目的在训学员及已有考勤者）及其考勤。"),
        responses={200: s.RosterWriteSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def roster(self, request, pk=None):
        return self._roster(self.get_object())

    @extend_schema(
        summary=gettext_lazy("保存点名"),
        description=gettext_lazy(
            "逐人记录出勤情况；任何一行有误则整张名单不保存，错误按行返回（rows.<序号>.<字段>）。"
        ),
        request=s.RosterWriteSerializer,
        responses={200: s.RosterWriteSerializer},
    )
    @roster.mapping.post
    def roster_save(self, request, pk=None):
        session = self.get_object()
        serializer = s.RosterWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.roster_save(
            actor=request.user, session=session, rows=serializer.validated_data["rows"]
        )
        return self._roster(session)

    @extend_schema(
        summary=gettext_lazy("签到"),
        description=gettext_lazy(
            "干部用现场屏幕上的签到码签到：签到码每 30 秒更换，过期、错误、不在签到时间、"
            "不在名单中或重复签到返回 400，不做任何记录。"
        ),
        request=s.SignInSerializer,
        responses={201: s.AttendanceSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def signin(self, request, pk=None):
        session = self.get_object()
        serializer = s.SignInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attendance = services.sign_in(
            actor=request.user, session=session, code=serializer.validated_data["code"]
        )
        return Response(s.AttendanceSerializer(attendance).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("课程评价汇总"),
        description=gettext_lazy(
            "只给出汇总：各维度平均分和分布、意见建议（按文字排序）；不足 3 份时不给出结果。"
            "组织部门和本课授课人可看，其他人 404。"
        ),
        responses={200: s.FeedbackSummarySerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def feedback(self, request, pk=None):
        summary = selectors.feedback_summary(request.user, self.get_object())
        if summary is None:
            raise Http404
        if not summary["shown"]:
            summary["message"] = _("评价不足 %(m)s 份，暂不显示") % {"m": summary["minimum"]}
        return Response(s.FeedbackSummarySerializer(summary).data)

    @extend_schema(
        summary=gettext_lazy("提交课程评价"),
        description=gettext_lazy("出席本次授课的学员在授课结束后评价一次，匿名保存。"),
        request=s.FeedbackWriteSerializer,
        responses={201: None},
    )
    @feedback.mapping.post
    def feedback_submit(self, request, pk=None):
        session = self.get_object()
        serializer = s.FeedbackWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.feedback_submit(
            actor=request.user,
            session=session,
            scores={k: data[k] for k in selectors.DIMENSIONS},
            comment=data["comment"],
        )
        return Response(status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("补学申请列表"),
        description=gettext_lazy("干部看到本人的申请，组织部门看到范围内干部的申请。"),
    ),
    retrieve=extend_schema(summary=gettext_lazy("补学申请详情")),
    create=extend_schema(
        summary=gettext_lazy("申请补学"),
        description=gettext_lazy(
            "补学材料为 PDF 或 JPG、PNG 图片，不超过 10 MB（multipart 上传）。"
        ),
        request=s.MakeUpCreateSerializer,
        responses={201: s.MakeUpSerializer},
    ),
)
class MakeUpViewSet(
    ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    serializer_class = s.MakeUpSerializer
    parser_classes = [JSONParser, MultiPartParser]
    filter_backends = [ScopedFilterBackend]
    filterset_class = MakeUpFilter
    required_perms = {
        "list": ("cultivation.view_attendance", "cultivation.request_makeup"),
        "retrieve": ("cultivation.view_attendance", "cultivation.request_makeup"),
        "create": "cultivation.request_makeup",
        "decide": "cultivation.approve_makeup",
    }
    getter = staticmethod(selectors.makeup_get)

    def get_queryset(self):
        return selectors.makeups(self.request.user).order_by("-submitted_at", "-pk")

    def create(self, request, *args, **kwargs):
        serializer = s.MakeUpCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = selectors.session_get(request.user, data["session"])
        made = services.makeup_request(
            actor=request.user, session=session, how=data["how"], evidence=data.get("evidence")
        )
        return Response(s.MakeUpSerializer(self.refetch(made)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("审核补学申请"),
        description=gettext_lazy("通过后计入该次授课的全部学时；不通过须填写理由。"),
        request=s.MakeUpDecideSerializer,
        responses={200: s.MakeUpSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        makeup = self.get_object()
        serializer = s.MakeUpDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.makeup_decide(
            actor=request.user,
            request=makeup,
            approve=serializer.validated_data["approve"],
            note=serializer.validated_data["note"],
        )
        return Response(s.MakeUpSerializer(self.refetch(makeup)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("学时要求列表")),
    retrieve=extend_schema(summary=gettext_lazy("学时要求详情")),
)
class RequirementViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.HourRequirementSerializer
    required_perms = {
        "list": "cultivation.view_attendance",
        "retrieve": "cultivation.view_attendance",
        "progress": "cultivation.view_attendance",
    }
    getter = staticmethod(selectors.requirement_get)

    def get_queryset(self):
        return selectors.requirements(self.request.user).order_by("-year", "name", "pk")

    @extend_schema(
        summary=gettext_lazy("学时完成情况"),
        description=gettext_lazy("适用干部的应修、已修学时和差额，可按姓名、单位、完成情况筛选。"),
        responses={200: s.ProgressSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def progress(self, request, pk=None):
        requirement = self.get_object()
        base = selectors.requirement_progress(request.user, requirement)
        filterset = ProgressFilter(request.query_params, queryset=base, user=request.user)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        queryset = filterset.qs.order_by("-short", "name_pinyin", "pk")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.ProgressSerializer(page, many=True).data)


class HoursProgressViewSet(ScopedViewSet, mixins.ListModelMixin):
    """A program's hours progress: the page's list (the same queryset, filters and order)."""

    queryset = Cadre.objects.none()  # names the model for the schema; rows come from the list
    serializer_class = s.HoursProgressSerializer
    required_perms = {"list": "cultivation.view_attendance"}

    @extend_schema(
        summary=gettext_lazy("学时进度"),
        description=gettext_lazy(
            "一个培养项目中本人可以查看的干部：应修学时（项目第一个设定最低学时的环节，或整个"
            "项目的学时要求）、出勤学时、补学学时、合计和尚差学时。program 必填；可按 q（姓名/"
            "拼音）、unit（含下属单位）、band（none 尚无学时、short_30、short_10_30、short_10、"
            "met 已达标；未设要求时为 h8、h16、h24、h40、more）、who（in 在训或已结业、out 已离开"
            "项目）筛选，sort 排序（name、attended、made_up、done、short，前加 - 为倒序）。"
        ),
        parameters=[
            OpenApiParameter("program", int, required=True, description=gettext_lazy("培养项目")),
            OpenApiParameter("q", str),
            OpenApiParameter("unit", int),
            OpenApiParameter("band", str),
            OpenApiParameter("who", str),
            OpenApiParameter("sort", str),
        ],
        responses={200: s.HoursProgressSerializer(many=True)},
    )
    def list(self, request, *args, **kwargs):
        if not (request.query_params.get("program") or "").isdigit():
            raise ValidationError({"program": [_("请选择培养项目。")]})
        queryset = hours_queryset(request.user, request.query_params)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.HoursProgressSerializer(page, many=True).data)


class MyAttendanceViewSet(ApiView, viewsets.ViewSet):
    required_perms = {"list": "cultivation.sign_in"}

    @extend_schema(
        summary=gettext_lazy("我的学时"),
        description=gettext_lazy(
            "本人在各培养项目的学时（对照当前关卡的最低学时）、适用的学时要求和本年度学时，"
            "以及今天的授课和签到情况。"
        ),
        responses={200: s.MyHoursSerializer},
    )
    def list(self, request):
        cadre = selectors.own_cadre(request.user)
        if cadre is None:
            raise Http404
        data = s.MyHoursSerializer(selectors.my_hours(cadre, year=timezone.localdate().year)).data
        data["today"] = [
            {
                "session": session.pk,
                "title": str(session),
                "starts_at": session.starts_at,
                "signin_open": signin.is_open(session),
                "status": session.my_attendance.status if session.my_attendance else None,
            }
            for session in selectors.my_sessions_today(cadre)
        ]
        return Response(data)


ROUTES = [
    ("attendance/sessions", AttendanceSessionViewSet, "attendance-session"),
    ("attendance/makeups", MakeUpViewSet, "makeup"),
    ("attendance/requirements", RequirementViewSet, "hour-requirement"),
    ("attendance/hours", HoursProgressViewSet, "hours-progress"),
    ("attendance/my", MyAttendanceViewSet, "my-attendance"),
]
