"""The selection funnel of a program (the organizer side)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.selection import selectors

from .. import serializers


class ProgramFunnelMixin:
    @extend_schema(
        summary=gettext_lazy("选拔漏斗"),
        description=gettext_lazy(
            "报名 → 资格审查通过 → 各关卡（参加、晋级）的人数，以及每一步的学历、年龄段、"
            "性别和单位类型构成。仅主办单位一方可见。"
        ),
        responses={200: serializers.FunnelSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def funnel(self, request, pk=None):
        program = self.get_object()
        steps = [
            {
                "key": step["key"],
                "label": str(step["label"]),
                "count": step["count"],
                "structure": {
                    key: [{"label": str(label), "n": n} for label, n in pairs]
                    for key, pairs in step["structure"].items()
                },
            }
            for step in selectors.funnel(program)
        ]
        return Response(serializers.FunnelSerializer({"program": program.pk, "steps": steps}).data)
