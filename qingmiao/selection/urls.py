from django.urls import path

from .views import self_service, staff

app_name = "selection"

urlpatterns = [
    # Staff (organization department): programs, screening, raters, ranking, the cut, funnel.
    path("programs/", staff.program_list, name="program_list"),
    path("programs/new/", staff.program_create, name="program_create"),
    path("programs/<int:pk>/", staff.program_detail, name="program_detail"),
    path("programs/<int:pk>/edit/", staff.program_edit, name="program_edit"),
    path("programs/<int:pk>/rule/", staff.rule_edit, name="rule_edit"),
    path("programs/<int:pk>/transition/", staff.program_transition, name="program_transition"),
    path("programs/<int:pk>/applications/", staff.application_list, name="application_list"),
    path(
        "programs/<int:pk>/applications/screen/",
        staff.application_screen,
        name="application_screen",
    ),
    path("programs/<int:pk>/stages/new/", staff.stage_create, name="stage_create"),
    path("stages/<int:pk>/", staff.stage_detail, name="stage_detail"),
    path("stages/<int:pk>/edit/", staff.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/raters/", staff.stage_raters, name="stage_raters"),
    path("stages/<int:pk>/open/", staff.stage_open, name="stage_open"),
    path("stages/<int:pk>/ranking/", staff.stage_ranking, name="stage_ranking"),
    path("stages/<int:pk>/ranking/<int:entry_pk>/", staff.entry_sheet, name="entry_sheet"),
    path("stages/<int:pk>/advancement/", staff.advancement, name="advancement"),
    path("sheets/<int:pk>/reopen/", staff.sheet_reopen, name="sheet_reopen"),
    path("programs/<int:pk>/funnel/", staff.funnel, name="funnel"),
    # Self-service: the shareable program page, applying, recommending, scoring.
    path("p/<uuid:public_id>/", self_service.program_public, name="program_public"),
    path("p/<uuid:public_id>/apply/", self_service.apply, name="apply"),
    path("p/<uuid:public_id>/recommend/", self_service.recommend, name="recommend"),
    path("my/applications/", self_service.my_applications, name="my_applications"),
    path("my/applications/<int:pk>/withdraw/", self_service.withdraw, name="withdraw"),
    path("open/", self_service.open_programs, name="open_programs"),
    path("scoring/", self_service.rater_tasks, name="rater_tasks"),
    path("scoring/<int:pk>/", self_service.score_sheet, name="score_sheet"),
    path("scoring/conflicts/", self_service.declare_conflict, name="declare_conflict"),
]
