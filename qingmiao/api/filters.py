from django_filters.rest_framework import DjangoFilterBackend


class ScopedFilterBackend(DjangoFilterBackend):
    """Hands the signed-in user to the app's filter set, which limits choices such as the unit
    to what the user may see, with any options the view declares (`filterset_options`)."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {
            **super().get_filterset_kwargs(request, queryset, view),
            "user": request.user,
            **getattr(view, "filterset_options", {}),
        }
