"""Who reads the API's schema and documentation: people who build or run clients of the API.

Cadres, outside raters and host contacts use the product through its pages only; the developer
documentation is neither shown to them nor served to them.
"""

from rest_framework.permissions import BasePermission

from qingmiao.accounts.roles import Role

NOT_FOR = frozenset({Role.CADRE, Role.RATER, Role.HOST})


def reads_developer_docs(user) -> bool:
    return bool(user and user.is_authenticated and user.role not in NOT_FOR)


class ReadsDeveloperDocs(BasePermission):
    def has_permission(self, request, view) -> bool:
        return reads_developer_docs(request.user)
