"""What every API resource shares: authentication, role capabilities, JSON, no caching, and
the scoped getter.

A resource's viewset names its app's selector getters instead of building a queryset filter:

    class StageViewSet(ScopedViewSet):
        getter = staticmethod(selectors.stage_get)            # retrieve
        getters = {"partial_update": selectors.managed_stage_get}  # per action

`get_object()` calls the getter for the current action with (user, pk); the getter raises 404
outside the user's scope, exactly as it does for the page that calls it.
"""

from django.utils.cache import add_never_cache_headers
from rest_framework import permissions, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer

from .authentication import API_AUTHENTICATION
from .permissions import RoleCapability


class NotCached:
    """Responses carry personal data (or a token): no browser or proxy may keep a copy,
    as the record pages are not kept either."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class ApiView(NotCached):
    # What every resource shares: token or session, role capabilities, JSON in and out.
    authentication_classes = API_AUTHENTICATION
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    permission_classes = [permissions.IsAuthenticated, RoleCapability]


class ScopedViewSet(ApiView, viewsets.GenericViewSet):
    getter = None  # staticmethod(selectors.<resource>_get): (user, pk) → object or 404
    getters: dict = {}  # action → getter, where an action needs a narrower one (managed…)

    def get_object(self):
        getter = self.getters.get(self.action) or type(self).getter
        obj = getter(self.request.user, self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        self.check_object_permissions(self.request, obj)
        return obj

    def refetch(self, obj, getter=None):
        """The object again, as the reader sees it, after a service changed it."""
        return (getter or type(self).getter)(self.request.user, obj.pk)
