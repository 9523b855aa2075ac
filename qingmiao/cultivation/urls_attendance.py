"""Routes of the attendance area: staff screens under attendance/, the cadre's under my/."""

from django.urls import path

from .views import attendance, hours_progress, my, requirements

urlpatterns = [
    path("attendance/", attendance.session_list, name="attendance_sessions"),
    path("attendance/export/", attendance.session_export, name="attendance_export"),
    path("attendance/sessions/<int:pk>/roster/", attendance.roster, name="roster"),
    path("attendance/sessions/<int:pk>/screen/", attendance.screen, name="signin_screen"),
    path(
        "attendance/sessions/<int:pk>/screen/code/",
        attendance.screen_code,
        name="signin_screen_code",
    ),
    path("attendance/sessions/<int:pk>/feedback/", attendance.feedback, name="session_feedback"),
    path("attendance/makeups/", attendance.makeup_list, name="makeup_list"),
    path("attendance/makeups/export/", attendance.makeup_export, name="makeup_export"),
    path("attendance/makeups/<int:pk>/decide/", attendance.makeup_decide, name="makeup_decide"),
    path(
        "attendance/makeups/<int:pk>/evidence/", attendance.makeup_evidence, name="makeup_evidence"
    ),
    path("attendance/requirements/", requirements.requirement_list, name="requirement_list"),
    path("attendance/requirements/new/", requirements.requirement_edit, name="requirement_new"),
    path(
        "attendance/requirements/<int:pk>/edit/",
        requirements.requirement_edit,
        name="requirement_edit",
    ),
    path(
        "attendance/requirements/<int:pk>/",
        requirements.requirement_progress,
        name="requirement_progress",
    ),
    path(
        "attendance/requirements/<int:pk>/export/",
        requirements.requirement_export,
        name="requirement_export",
    ),
    path("attendance/hours/<int:pk>/", hours_progress.hours_progress, name="hours_progress"),
    path(
        "attendance/hours/<int:pk>/export/",
        hours_progress.hours_progress_export,
        name="hours_progress_export",
    ),
    path("my/", my.my, name="my"),
    path("my/signin/", my.my_signin, name="my_signin"),
    path("my/signin/<int:pk>/", my.my_signin_link, name="my_signin_link"),
    path("my/makeup/", my.my_makeup, name="my_makeup"),
    path("my/feedback/<int:pk>/", my.my_feedback, name="my_feedback"),
]
