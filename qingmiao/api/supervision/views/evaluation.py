"""管 · democratic evaluation (民主测评) with anonymous ballot slips, annual
appraisal (年度考核) with the 优秀 quota: endpoints.

Staff endpoints are scoped like the pages. The voter's two endpoints (open a slip, cast a
ballot) need no account — the code is the credential — take no session or token (so no
account is ever attached to a vote), and are throttled per address on top of the services'
own limit on wrong codes.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from qingmiao.supervision import appraisal_import
from qingmiao.supervision.filters_evaluation import EvaluationFilter, ProposalFilter
from qingmiao.supervision.selectors import appraisal as appraisal_selectors
from qingmiao.supervision.selectors import evaluation as selectors
from qingmiao.supervision.services import appraisal as appraisal_services
from qingmiao.supervision.services import evaluation as services

from ...base import NotCached, ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import evaluation as s

_READ = "supervision.view_evaluations"
_MANAGE = "supervision.manage_evaluations"


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("民主测评列表")),
    retrieve=extend_schema(summary=gettext_lazy("民主测评详情")),
    create=extend_schema(
        summary=gettext_lazy("发起民主测评"),
        request=s.DemocraticEvaluationWriteSerializer,
        responses={201: s.DemocraticEvaluationSerializer},
    ),
    slips=extend_schema(
        summary=gettext_lazy("发放测评票"),
        description=gettext_lazy("返回的测评码只出现这一次，系统只保存其加密摘要。"),
        request=s.IssueSerializer,
        responses={201: s.CodesSerializer},
    ),
    recipients=extend_schema(
        summary=gettext_lazy("通知指定人员领取测评票"),
        request=s.SendSerializer,
        responses={201: s.CountSerializer},
    ),
    close=extend_schema(
        summary=gettext_lazy("结束民主测评"),
        request=None,
        responses=s.DemocraticEvaluationSerializer,
    ),
    results=extend_schema(
        summary=gettext_lazy("回收情况与测评结果"),
        description=gettext_lazy("测评结束且回收率达到要求后才给出结果，此前只有回收情况。"),
        responses=s.ResultsSerializer,
    ),
)
class EvaluationViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.DemocraticEvaluationSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = EvaluationFilter
    required_perms = {
        "list": _READ,
        "retrieve": _READ,
        "results": _READ,
        "create": _MANAGE,
        "slips": _MANAGE,
        "recipients": _MANAGE,
        "close": _MANAGE,
    }
    getter = staticmethod(selectors.evaluation_get)
    getters = {
        "slips": selectors.managed_evaluation_get,
        "recipients": selectors.managed_evaluation_get,
        "close": selectors.managed_evaluation_get,
    }

    def get_queryset(self):
        return selectors.evaluations(self.request.user).order_by("-opens_at", "-id")

    def create(self, request, *args, **kwargs):
        user = request.user
        body = s.DemocraticEvaluationWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["unit"] = appraisal_selectors.unit_get(user, data["unit"])
        found = {c.pk: c for c in selectors.cadres_by_ids(user, data["subjects"])}
        data["subjects"] = [found.get(pk) for pk in dict.fromkeys(data["subjects"])]
        evaluation = services.evaluation_create(actor=user, data=data)
        return Response(
            s.DemocraticEvaluationSerializer(self.refetch(evaluation)).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def slips(self, request, pk=None):
        evaluation = self.get_object()
        body = s.IssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        codes = services.slips_issue(
            actor=request.user, evaluation=evaluation, **body.validated_data
        )
        return Response({"codes": codes}, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def recipients(self, request, pk=None):
        evaluation = self.get_object()
        body = s.SendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        users = selectors.accounts_to_ask(request.user, body.validated_data["users"])
        n = services.recipients_send(
            actor=request.user,
            evaluation=evaluation,
            users=users,
            voter_type=body.validated_data["voter_type"],
        )
        return Response({"count": n}, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        evaluation = self.get_object()
        services.evaluation_close(actor=request.user, evaluation=evaluation)
        return Response(s.DemocraticEvaluationSerializer(self.refetch(evaluation)).data)

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        evaluation = self.get_object()
        turnout, results, withheld = selectors.visible_results(evaluation)

        def options(items):
            return [
                {"key": o.key, "label": o.label, "count": o.count, "rate": o.rate} for o in items
            ]

        return Response(
            {
                "issued": turnout.issued,
                "used": turnout.used,
                "by_type": [
                    {"voter_type": str(label), "issued": i, "used": u}
                    for label, i, u in turnout.by_type
                ],
                "visible": results is not None,
                "withheld": withheld,
                "subjects": None
                if results is None
                else [
                    {
                        "cadre": r.subject.cadre_id,
                        "name": r.subject.cadre.name,
                        "questions": [
                            {
                                "question": q.title,
                                "ballots": q.ballots,
                                "options": options(q.options),
                                "by_type": [
                                    {"voter_type": str(t), "ballots": n, "options": options(o)}
                                    for t, n, o in q.by_type
                                ],
                            }
                            for q in r.questions
                        ],
                    }
                    for r in results
                ],
            }
        )


class SlipThrottle(AnonRateThrottle):
    """Requests per address to the voter's endpoints, whoever is asking."""

    scope = "ballot-slip"
    rate = "30/min"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class _VoterView(NotCached, viewsets.ViewSet):
    authentication_classes: list = []  # no account is ever attached to a vote
    permission_classes = [permissions.AllowAny]
    throttle_classes = [SlipThrottle]
    parser_classes = [JSONParser]

    def client(self, request) -> str:
        return SlipThrottle().get_ident(request) or "?"


class SlipViewSet(_VoterView):
    @extend_schema(
        summary=gettext_lazy("打开测评票"),
        description=gettext_lazy(
            "凭测评码取得选票内容（无需登录）。"
            "测评码错误、已投、不属于本次测评或不在投票时间内时返回 400。"
        ),
        request=s.SlipOpenSerializer,
        responses=s.BallotFormSerializer,
        auth=[],
    )
    @action(detail=False, methods=["post"], url_path="open")
    def open_slip(self, request):
        body = s.SlipOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        slip = services.slip_find(code=body.validated_data["code"], client=self.client(request))
        services.slip_check(slip, body.validated_data.get("evaluation"))
        evaluation = slip.evaluation
        return Response(
            {
                "evaluation": evaluation.pk,
                "title": evaluation.title,
                "voter_type": slip.get_voter_type_display(),
                "closes_at": evaluation.closes_at,
                "subjects": [
                    {"id": x.pk, "name": x.cadre.name, "unit": x.cadre.unit.name}
                    for x in selectors.subjects_of(evaluation)
                ],
                "questions": [{"id": q.pk, "title": q.title} for q in evaluation.questions.all()],
                "options": [
                    {"key": k, "label": v, "count": 0, "rate": None}
                    for k, v in evaluation.options()
                ],
                "answer_key": "s<subject>q<question>",
            }
        )


class BallotViewSet(_VoterView):
    @extend_schema(
        summary=gettext_lazy("投出测评票"),
        description=gettext_lazy(
            "answers 以 s<测评对象 id>q<测评内容 id> 为键，值为评价的 key；"
            "须对每位测评对象的每项内容作答。"
            "每张票只能投一次，投票不记名。"
        ),
        request=s.BallotCastSerializer,
        responses={201: s.CountSerializer},
        auth=[],
    )
    def create(self, request):
        body = s.BallotCastSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.ballot_cast(
            code=body.validated_data["code"],
            answers=body.validated_data["answers"],
            client=self.client(request),
            evaluation_id=body.validated_data.get("evaluation"),
        )
        return Response({"count": 1}, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("年度考核等次列表")),
    propose=extend_schema(
        summary=gettext_lazy("填报年度考核等次"),
        description=gettext_lazy("全部保存或全部不保存；各单位优秀人数不得超过限额。"),
        request=s.ProposeSerializer,
        responses={201: s.CountSerializer},
    ),
    import_file=extend_schema(
        summary=gettext_lazy("从 Excel 导入年度考核等次"),
        request={"multipart/form-data": s.ImportSerializer},
        responses={201: s.CountSerializer},
    ),
    confirm=extend_schema(
        summary=gettext_lazy("确认单位的年度考核等次并记入干部档案"),
        request=s.ConfirmSerializer,
        responses={200: s.CountSerializer},
    ),
    quota=extend_schema(
        summary=gettext_lazy("设置年度优秀比例"),
        request=s.QuotaSerializer,
        responses=s.QuotaSerializer,
    ),
)
class AppraisalViewSet(ScopedViewSet, mixins.ListModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = s.ProposalSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = ProposalFilter
    required_perms = {
        "list": "supervision.view_appraisals",
        "propose": "supervision.propose_appraisal",
        "import_file": "supervision.propose_appraisal",
        "confirm": "supervision.manage_appraisals",
        "quota": "supervision.manage_appraisals",
    }
    service_error_nesting = {}

    def get_queryset(self):
        return appraisal_selectors.proposals(self.request.user).order_by(
            "-year", "unit__path", "cadre__name_pinyin", "pk"
        )

    @action(detail=False, methods=["post"])
    def propose(self, request):
        body = s.ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows = body.validated_data["rows"]
        cadres = {
            c.pk: c for c in selectors.cadres_by_ids(request.user, [r["cadre"] for r in rows])
        }
        n = appraisal_services.appraisals_propose(
            actor=request.user,
            year=body.validated_data["year"],
            rows=[{**r, "cadre": cadres.get(r["cadre"])} for r in rows],
        )
        return Response({"count": n}, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request):
        body = s.ImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        n = appraisal_import.appraisals_import(
            actor=request.user, year=body.validated_data["year"], upload=body.validated_data["file"]
        )
        return Response({"count": n}, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"])
    def confirm(self, request):
        body = s.ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        unit = appraisal_selectors.confirm_unit_get(request.user, body.validated_data["unit"])
        n = appraisal_services.appraisals_confirm(
            actor=request.user, unit=unit, year=body.validated_data["year"]
        )
        return Response({"count": n})

    @action(detail=False, methods=["post"])
    def quota(self, request):
        body = s.QuotaSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = appraisal_services.appraisal_quota_set(
            actor=request.user,
            year=body.validated_data["year"],
            percent=body.validated_data["percent"],
        )
        return Response({"year": row.year, "percent": row.excellent_percent})


ROUTES: list = [
    ("supervision/evaluations", EvaluationViewSet, "supervision-evaluation"),
    ("supervision/appraisals", AppraisalViewSet, "supervision-appraisal"),
    ("supervision/slips", SlipViewSet, "supervision-slip"),
    ("supervision/ballots", BallotViewSet, "supervision-ballot"),
]
