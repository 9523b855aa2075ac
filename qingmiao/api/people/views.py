"""A read-only look-up of the people a user may assign (raters; mentors and inspectors once
those areas exist), so a client can find an id by name instead of reading it off a page."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers

from qingmiao.accounts.roles import Role
from qingmiao.selection import selectors

from ..base import ScopedViewSet


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")
    role = serializers.CharField()
    role_name = serializers.CharField(source="get_role_display")
    unit_name = serializers.CharField(source="org_unit.name", default=None, allow_null=True)


ROLES = {str(r.value): r for r in selectors.ASSIGNABLE_ROLES}


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("可指派的人员"),
        description=gettext_lazy(
            "本人可以指派的评委等人员（外部评委，以及本单位及下属单位的人员），按姓名中的"
            "字或用户名开头查找；role 限定角色。只读。"
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description=gettext_lazy("姓名或用户名")),
            OpenApiParameter(
                "role", OpenApiTypes.STR, enum=list(ROLES), description=gettext_lazy("角色")
            ),
        ],
    )
)
class PeopleViewSet(ScopedViewSet, mixins.ListModelMixin):
    serializer_class = PersonSerializer
    queryset = get_user_model().objects.none()  # names the model for the schema only
    # Assigning raters is the only assignment so far; later areas add their capability here.
    required_perms = {"list": ("selection.manage_raters",)}

    def get_queryset(self):
        role = self.request.query_params.get("role", "")
        if role and role not in ROLES:
            raise exceptions.ValidationError(
                {
                    "role": [
                        _("可选的角色：%(roles)s。")
                        % {"roles": "、".join(str(Role(r).label) for r in ROLES)}
                    ]
                }
            )
        roles = [ROLES[role]] if role else list(ROLES.values())
        text = self.request.query_params.get("q", "")
        return selectors.assignable_people(self.request.user, roles, text)
