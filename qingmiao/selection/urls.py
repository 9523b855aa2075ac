from django.urls import path

from .views import (
    advancement,
    applications,
    applying,
    funnel,
    programs,
    programs_public,
    ranking,
    raters,
    scoring,
    stages,
)

app_name = "selection"

urlpatterns = [
    # Staff (organization department): programs, screening, raters, ranking, the cut, funnel.
    path("programs/", programs.program_list, name="program_list"),
    path("programs/new/", programs.program_create, name="program_create"),
    path("programs/<int:pk>/", programs.program_detail, name="program_detail"),
    path("programs/<int:pk>/edit/", programs.program_edit, name="program_edit"),
    path("programs/<int:pk>/rule/", programs.rule_edit, name="rule_edit"),
    path("programs/<int:pk>/transition/", programs.program_transition, name="program_transition"),
    path("programs/<int:pk>/applications/", applications.application_list, name="application_list"),
    path(
        "programs/<int:pk>/applications/export/",
        applications.application_export,
        name="application_export",
    ),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path(
        "programs/<int:pk>/applications/screen/",
        applications.application_screen,
        name="application_screen",
    ),
    path("programs/<int:pk>/stages/new/", stages.stage_create, name="stage_create"),
    path("stages/<int:pk>/", stages.stage_detail, name="stage_detail"),
    path("stages/<int:pk>/edit/", stages.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/raters/", raters.stage_raters, name="stage_raters"),
    path("stages/<int:pk>/open/", stages.stage_open, name="stage_open"),
    path("stages/<int:pk>/ranking/", ranking.stage_ranking, name="stage_ranking"),
    path("stages/<int:pk>/ranking/export/", ranking.ranking_export, name="ranking_export"),
    path("stages/<int:pk>/ranking/<int:entry_pk>/", ranking.entry_sheet, name="entry_sheet"),
    path("stages/<int:pk>/advancement/", advancement.advancement, name="advancement"),
    path(
        "stages/<int:pk>/advancement/export/",
        advancement.advancement_export,
        name="advancement_export",
    ),
    path("sheets/<int:pk>/reopen/", ranking.sheet_reopen, name="sheet_reopen"),
    path("programs/<int:pk>/funnel/", funnel.funnel, name="funnel"),
    # Self-service: the shareable program page, applying, recommending, scoring.
    path("p/<uuid:public_id>/", programs_public.program_public, name="program_public"),
    path("p/<uuid:public_id>/apply/", applying.apply, name="apply"),
    path("p/<uuid:public_id>/recommend/", applying.recommend, name="recommend"),
    path("my/applications/", applying.my_applications, name="my_applications"),
    path("my/applications/<int:pk>/withdraw/", applying.withdraw, name="withdraw"),
    path("open/", programs_public.open_programs, name="open_programs"),
    path("scoring/", scoring.rater_tasks, name="rater_tasks"),
    path("scoring/<int:pk>/", scoring.score_sheet, name="score_sheet"),
    path("scoring/conflicts/", scoring.declare_conflict, name="declare_conflict"),
]
