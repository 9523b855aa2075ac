"""Representations of rater assignments of a stage."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qingmiao.selection import selectors
from qingmiao.selection.forms.staff import RATER_ROLES
from qingmiao.selection.models import (
    Stage,
)

from ._common import _user


class StageAssignmentSerializer(serializers.Serializer):
    """A rater's assignment as the program's managers see it."""

    id = serializers.IntegerField()
    rater = serializers.IntegerField(source="rater_id")
    rater_name = serializers.CharField(source="rater.display_name")
    entry = serializers.IntegerField(source="entry_id")
    code = serializers.CharField(source="entry.code")
    candidate_name = serializers.CharField(source="entry.application.cadre.name")
    sheet = serializers.SerializerMethodField()
    sheet_status = serializers.SerializerMethodField(
        help_text=gettext_lazy("draft 草稿、submitted 已提交；未开始评分时为空字符串。")
    )
    total = serializers.SerializerMethodField()

    def get_sheet(self, assignment) -> int | None:
        sheet = getattr(assignment, "sheet", None)
        return sheet.pk if sheet is not None else None

    def get_sheet_status(self, assignment) -> str:
        sheet = getattr(assignment, "sheet", None)
        return sheet.status if sheet is not None else ""

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_total(self, assignment):
        sheet = getattr(assignment, "sheet", None)
        return str(sheet.total) if sheet is not None and sheet.total is not None else None


class AutoAssignSerializer(serializers.Serializer):
    raters = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=get_user_model().objects.none(),
        allow_empty=False,
        help_text=gettext_lazy("评委的用户 id：本关卡评分角色的在用账户（外部评委或本单位人员）。"),
    )
    k = serializers.IntegerField(
        min_value=1,
        max_value=50,
        required=False,
        help_text=gettext_lazy("每名考生的评委数；不传则用关卡的设置。"),
    )

    def __init__(self, *args, stage: Stage | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context and stage is not None:
            roles = stage.rater_roles or list(RATER_ROLES[:1])
            self.fields["raters"].child_relation.queryset = selectors.rater_candidates(
                _user(self), roles
            )


class AutoAssignResultSerializer(serializers.Serializer):
    assignments = serializers.IntegerField()
    loads = serializers.DictField(
        child=serializers.IntegerField(), help_text=gettext_lazy("每位评委分到的考生数。")
    )
