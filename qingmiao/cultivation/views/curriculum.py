"""课程体系's staff pages: the catalogue home, topics, lecturers, training bases, site routes
and courses (sessions: views/sessions.py; study trips: views/trips.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import error_text

from ..forms import curriculum as forms
from ..selectors import curriculum as selectors
from ..services import curriculum as services
from ._catalogue import MANAGE, VIEW, Resource

# --- the catalogue at a glance ---------------------------------------------------------------


@never_cache
@permission_required(VIEW, raise_exception=True)
def home(request):
    overview = selectors.catalogue_overview(request.user)
    course_total = sum(t.course_count for t in overview["topics"])
    return render(
        request,
        "cultivation/staff/curriculum/home.html",
        {**overview, "course_total": course_total, "can_manage": request.user.has_perm(MANAGE)},
    )


# --- the resources ---------------------------------------------------------------------------

TOPIC = Resource(
    key="topic",
    title=gettext_lazy("专题"),
    noun=gettext_lazy("专题"),
    getter=selectors.topic_get,
    managed_getter=selectors.managed_topic_get,
    form=forms.TopicForm,
    create=lambda actor, form: services.topic_create(actor=actor, data=form.model_data()),
    update=lambda actor, obj, form: services.topic_update(
        actor=actor, topic=obj, data=form.model_data()
    ),
    delete=lambda actor, obj: services.topic_delete(actor=actor, topic=obj),
    filter_fields=("q",),
    detail_context=lambda request, obj: {
        "courses": list(selectors.courses_of(request.user, topic=obj))
    },
)

LECTURER = Resource(
    key="lecturer",
    title=gettext_lazy("授课人"),
    noun=gettext_lazy("授课人"),
    getter=selectors.lecturer_get,
    managed_getter=selectors.managed_lecturer_get,
    form=forms.LecturerForm,
    create=lambda actor, form: services.lecturer_create(actor=actor, data=form.model_data()),
    update=lambda actor, obj, form: services.lecturer_update(
        actor=actor, lecturer=obj, data=form.model_data()
    ),
    delete=lambda actor, obj: services.lecturer_delete(actor=actor, lecturer=obj),
    filter_fields=("q", "kind"),
    detail_context=lambda request, obj: {
        "courses": list(selectors.courses_of(request.user, lecturer=obj))
    },
)

BASE = Resource(
    key="base",
    title=gettext_lazy("教学基地"),
    noun=gettext_lazy("教学基地"),
    getter=selectors.base_get,
    managed_getter=selectors.managed_base_get,
    form=forms.BaseForm,
    create=lambda actor, form: services.base_create(actor=actor, data=form.model_data()),
    update=lambda actor, obj, form: services.base_update(
        actor=actor, base=obj, data=form.model_data()
    ),
    delete=lambda actor, obj: services.base_delete(actor=actor, base=obj),
    filter_fields=("q", "active"),
    detail_context=lambda request, obj: {"sessions": selectors.sessions_of(request.user, base=obj)},
)

ROUTE = Resource(
    key="route",
    title=gettext_lazy("观摩线路"),
    noun=gettext_lazy("观摩线路"),
    getter=selectors.route_get,
    managed_getter=selectors.managed_route_get,
    form=forms.RouteForm,
    create=lambda actor, form: services.route_create(
        actor=actor, data=form.model_data(), **form.m2m_data()
    ),
    update=lambda actor, obj, form: services.route_update(
        actor=actor, route=obj, data=form.model_data(), **form.m2m_data()
    ),
    delete=lambda actor, obj: services.route_delete(actor=actor, route=obj),
    filter_fields=("q", "base", "active"),
    detail_context=lambda request, obj: {
        "sessions": selectors.sessions_of(request.user, route=obj)
    },
)

COURSE = Resource(
    key="course",
    title=gettext_lazy("课程"),
    noun=gettext_lazy("课程"),
    getter=selectors.course_get,
    managed_getter=selectors.managed_course_get,
    form=forms.CourseForm,
    create=lambda actor, form: services.course_create(
        actor=actor, data=form.model_data(), **form.m2m_data()
    ),
    update=lambda actor, obj, form: services.course_update(
        actor=actor, course=obj, data=form.model_data(), **form.m2m_data()
    ),
    delete=lambda actor, obj: services.course_delete(actor=actor, course=obj),
    filter_fields=("q", "topic", "lecturer", "program", "track"),
    detail_context=lambda request, obj: {
        "sessions": selectors.sessions_of(request.user, course=obj)
    },
    form_initial=lambda request: {"topic": request.GET.get("topic")},
)


# --- archiving a place -----------------------------------------------------------------------


def _set_active(request, place, url: str):
    active = request.POST.get("active") == "1"
    try:
        services.place_set_active(actor=request.user, place=place, active=active)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("已重新启用。") if active else _("已停用，新的授课安排不再可选。")
        )
    return redirect(url, pk=place.pk)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def base_archive(request, pk):
    base = selectors.managed_base_get(request.user, pk)
    return _set_active(request, base, BASE.url("detail"))


@require_POST
@permission_required(MANAGE, raise_exception=True)
def route_archive(request, pk):
    route = selectors.managed_route_get(request.user, pk)
    return _set_active(request, route, ROUTE.url("detail"))
