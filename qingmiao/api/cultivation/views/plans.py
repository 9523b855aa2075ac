"""Endpoints of the new-recruit plans area: templates, plans (phase derived from the hire date),
plans for a cohort (a background job when large), milestones done, confirmed or sent back."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from qingmiao.accounts import scoping
from qingmiao.cadres.models import OrgUnit
from qingmiao.core.models.jobs import Job
from qingmiao.cultivation.filters.plans import PlanFilter
from qingmiao.cultivation.jobs_plans import plans_create_start
from qingmiao.cultivation.models import GrowthPlan
from qingmiao.cultivation.selectors import plans as selectors
from qingmiao.cultivation.selectors import results as result_selectors
from qingmiao.cultivation.services import plans as services

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import plans as s

_READ = "cultivation.view_plans"
_MANAGE = "cultivation.manage_plans"


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("培养计划模板列表")),
    retrieve=extend_schema(summary=gettext_lazy("培养计划模板详情")),
    create=extend_schema(
        summary=gettext_lazy("新建培养计划模板"),
        request=s.TemplateWriteSerializer,
        responses={201: s.TemplateSerializer},
    ),
)
class PlanTemplateViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.TemplateSerializer
    required_perms = {"list": _READ, "retrieve": _READ, "create": _MANAGE}
    getter = staticmethod(selectors.template_get)

    def get_queryset(self):
        return selectors.templates(self.request.user).prefetch_related("milestones")

    def create(self, request, *args, **kwargs):
        body = s.TemplateWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        rows = [dict(r) for r in data.pop("milestones")]
        template = services.plan_template_save(actor=request.user, data=data, milestones=rows)
        return Response(
            s.TemplateSerializer(self.refetch(template)).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("培养计划列表"),
        description=gettext_lazy(
            "每份计划的培养阶段按入职日期推算（育苗年、扶苗年、壮苗年、已满三年），并给出节点数、"
            "已完成、已确认和超期数。"
        ),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("培养计划详情"), responses={200: s.PlanDetailSerializer}
    ),
    create=extend_schema(
        summary=gettext_lazy("为一批干部生成培养计划"),
        description=gettext_lazy(
            "按模板为某培养项目的学员或某单位（含下属单位）按入职日期范围的干部生成计划；已有计划"
            "的跳过并列出。全部生成或全部不生成；人数多时在后台生成，返回 202 和任务编号。"
        ),
        request=s.CohortSerializer,
        responses={201: s.CohortResultSerializer, 202: s.CohortResultSerializer},
    ),
)
class PlanViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.PlanSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = PlanFilter
    required_perms = {"list": _READ, "retrieve": _READ, "create": _MANAGE}
    getter = staticmethod(selectors.plan_get)

    def get_queryset(self):
        return selectors.plan_queryset(self.request.user).order_by("-start_date", "id")

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        context = {
            "today": timezone.localdate(),
            "milestones": selectors.plan_milestones(request.user, plan),
        }
        return Response(s.PlanDetailSerializer(plan, context=context).data)

    def create(self, request, *args, **kwargs):
        user = request.user
        body = s.CohortSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        template = selectors.template_get(user, data["template"])
        program = (
            result_selectors.program_get(user, data["program"]) if data.get("program") else None
        )
        unit = (
            scoping.get_visible_or_404(user, OrgUnit, pk=data["unit"]) if data.get("unit") else None
        )
        if program is None and unit is None:
            raise ValidationError({"program": _("请选择培养项目或单位。")})
        cadres = selectors.cohort(
            user,
            program=program,
            unit=unit,
            hired_from=data.get("hired_from"),
            hired_to=data.get("hired_to"),
        )
        result = plans_create_start(
            actor=user,
            template=template,
            cadre_ids=list(cadres.values_list("pk", flat=True)),
            program=program,
        )
        if isinstance(result, Job):
            payload = {"created": 0, "skipped": [], "without_hire_date": [], "job": result.pk}
            return Response(payload, status=status.HTTP_202_ACCEPTED)
        return Response({**result, "job": None}, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(summary=gettext_lazy("培养节点详情")),
    done=extend_schema(
        summary=gettext_lazy("填报节点完成情况"),
        description=gettext_lazy(
            "干部本人填报；须佐证的节点要有完成情况或佐证材料（PDF、Word、JPG、PNG，"
            "不超过 20 MB，可用 multipart 上传）。"
        ),
        request=s.DoneSerializer,
        responses={200: s.MilestoneSerializer},
    ),
    confirm=extend_schema(
        summary=gettext_lazy("确认节点"),
        description=gettext_lazy("组织部门或干部的导师确认。"),
        request=None,
        responses={200: s.MilestoneSerializer},
    ),
    send_back=extend_schema(
        summary=gettext_lazy("退回节点"),
        request=s.ReturnSerializer,
        responses={200: s.MilestoneSerializer},
    ),
)
class MilestoneViewSet(ScopedViewSet, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = s.MilestoneSerializer
    required_perms = {
        "retrieve": (_READ, "cultivation.update_own_plan"),
        "done": "cultivation.update_own_plan",
        "confirm": _READ,
        "send_back": _READ,
    }
    getter = staticmethod(selectors.milestone_get)
    getters = {"done": selectors.my_milestone_get}

    def get_queryset(self):
        # Read by the schema (the id's type); objects come through the getters.
        return selectors.milestones_queryset(self.request.user)

    def _answer(self, milestone):
        milestone = selectors.milestone_get(self.request.user, milestone.pk)
        return Response(
            s.MilestoneSerializer(milestone, context={"today": timezone.localdate()}).data
        )

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        milestone = self.get_object()
        body = s.DoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.milestone_mark_done(
            actor=request.user,
            milestone=milestone,
            evidence=body.validated_data.get("evidence", ""),
            evidence_file=body.validated_data.get("evidence_file"),
        )
        return self._answer(milestone)

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        milestone = self.get_object()
        services.milestone_confirm(actor=request.user, milestone=milestone)
        return self._answer(milestone)

    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        milestone = self.get_object()
        body = s.ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.milestone_return(
            actor=request.user, milestone=milestone, reason=body.validated_data["reason"]
        )
        return self._answer(milestone)


class MyPlanViewSet(ScopedViewSet):
    """The signed-in cadre's own plan, with its milestones."""

    required_perms = {"list": "cultivation.update_own_plan"}
    pagination_class = None
    queryset = GrowthPlan.objects.none()  # for the schema; the plan comes from the selector

    @extend_schema(
        summary=gettext_lazy("我的培养计划"),
        description=gettext_lazy("本人的新苗培优计划及全部节点；没有计划时返回 404。"),
        responses={200: s.PlanDetailSerializer},
    )
    def list(self, request, *args, **kwargs):
        plan = selectors.my_plan(request.user)
        if plan is None:
            raise Http404
        context = {
            "today": timezone.localdate(),
            "milestones": selectors.plan_milestones(request.user, plan),
        }
        return Response(s.PlanDetailSerializer(plan, context=context).data)


ROUTES = [
    ("cultivation/my/plan", MyPlanViewSet, "cultivation-my-plan"),
    ("cultivation/plan-templates", PlanTemplateViewSet, "cultivation-plan-template"),
    ("cultivation/plans", PlanViewSet, "cultivation-plan"),
    ("cultivation/plan-milestones", MilestoneViewSet, "cultivation-plan-milestone"),
]
