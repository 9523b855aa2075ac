"""A program's cultivation in figures (the overview page's numbers)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.response import Response

from qingmiao.api.base import ScopedViewSet
from qingmiao.cultivation.selectors import overview
from qingmiao.selection.models import Program
from qingmiao.selection.selectors import program_get

from ..serializers.overview import OverviewSerializer


class CultivationOverviewViewSet(ScopedViewSet, mixins.RetrieveModelMixin):
    """`/api/v1/cultivation-overview/<program id>/`: counted over what the caller may see."""

    required_perms = {"retrieve": "cultivation.view_overview"}
    # For the schema only (the program's id is an integer); reads go through the getter.
    queryset = Program.objects.none()
    getter = staticmethod(program_get)
    serializer_class = OverviewSerializer

    @extend_schema(
        summary=gettext_lazy("培养概况"),
        description=gettext_lazy(
            "一个培养项目的学时分布、出勤、导师帮带、实践锻炼、调研组和成果统计，"
            "按调用者的查看范围计算。"
        ),
    )
    def retrieve(self, request, *args, **kwargs):
        program = self.get_object()
        return Response(OverviewSerializer(overview.program_overview(request.user, program)).data)


ROUTES = [("cultivation-overview", CultivationOverviewViewSet, "cultivation-overview")]
