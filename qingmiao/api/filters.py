import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from qingmiao.cadres.filters import CadreFilter
from qingmiao.cadres.models import CodeItem, CodeTable


class ApiCadreFilter(CadreFilter):
    """The cadre list page's filters. The only difference is how codes are written: the API
    names a code by its value (`political_status=01`, `rank=R21`) as its records do, where the
    page's drop-downs send row ids."""

    political_status = django_filters.ModelChoiceFilter(
        label=_("政治面貌"),
        queryset=CodeItem.objects.of(CodeTable.POLITICAL),
        to_field_name="code",
    )
    rank = django_filters.ModelChoiceFilter(
        label=_("职务职级"),
        queryset=CodeItem.objects.of(CodeTable.RANK),
        to_field_name="code",
    )


class ScopedFilterBackend(DjangoFilterBackend):
    """Hands the signed-in user to the filter set, which limits choices such as the unit to
    what the user may see."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "user": request.user}
