from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from . import views

admin.site.site_header = _("青苗 · 系统配置")
admin.site.site_title = _("青苗")
admin.site.index_title = _("配置")
# No second login form: the admin site sends people to the application's login page.
admin.site.login = views.admin_login

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("qingmiao.accounts.urls")),
    path("system/users/", include("qingmiao.accounts.urls_users")),
    path("system/", include("qingmiao.cadres.urls_system")),
    path("cadres/", include("qingmiao.cadres.urls")),
    path("selection/", include("qingmiao.selection.urls")),
    path("cultivation/", include("qingmiao.cultivation.urls")),
    path("supervision/", include("qingmiao.supervision.urls")),
    path("api/", include("qingmiao.api.urls")),
    path("jobs/", include("qingmiao.core.jobs.urls")),
    path("notifications/", include("qingmiao.core.notifications.urls")),
    path("help/", include("qingmiao.guide.urls")),
]
if settings.ADMIN_ENABLED:
    # A developer's tool, for inspecting data on a development machine; officials use the
    # product's own system screens (units, codes, tags, accounts, audit log).
    urlpatterns.append(path("admin/", admin.site.urls))

handler403 = "config.views.forbidden"
handler404 = "config.views.not_found"
# Media (photos) is deliberately not served as static files: photos go through the scoped
# cadres:photo view so that a URL cannot be guessed by someone outside the record's scope.
