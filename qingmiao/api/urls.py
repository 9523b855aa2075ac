from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from . import views
from .cadres import views as cadres
from .cultivation import views as cultivation
from .docs_access import ReadsDeveloperDocs
from .people import views as people
from .selection import views as selection
from .supervision import views as supervision

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("orgunits", cadres.OrgUnitViewSet, basename="orgunit")
router.register("cadres", cadres.CadreViewSet, basename="cadre")
router.register("programs", selection.ProgramViewSet, basename="program")
router.register("applications", selection.ApplicationViewSet, basename="application")
router.register("stages", selection.StageViewSet, basename="stage")
router.register("my/assignments", selection.MyAssignmentViewSet, basename="my-assignment")
router.register("assignments", selection.AssignmentViewSet, basename="assignment")
router.register("sheets", selection.SheetViewSet, basename="sheet")
router.register("people", people.PeopleViewSet, basename="person")
for _prefix, _viewset, _basename in cultivation.ROUTES + supervision.ROUTES:
    router.register(_prefix, _viewset, basename=_basename)

# The documentation page is for people in a browser: without a session, Django's
# LoginRequiredMiddleware sends them to the login page (API views otherwise opt out of it).
docs = views.DocsView.as_view(
    url_name="api:schema", permission_classes=[IsAuthenticated, ReadsDeveloperDocs]
)
docs.login_required = True

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/codes/", cadres.CodeListView.as_view(), name="codes"),
    path("v1/auth/token/", views.TokenView.as_view(), name="token"),
    path(
        "schema/",
        views.SchemaView.as_view(permission_classes=[IsAuthenticated, ReadsDeveloperDocs]),
        name="schema",
    ),
    path("docs/", docs, name="docs"),
]
