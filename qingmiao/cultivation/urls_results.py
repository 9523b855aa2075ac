"""Routes of the results area."""

from django.urls import path

from .views import deliverables, investments, my_results, problems, results_summary

urlpatterns = [
    path("results/deliverables/", deliverables.deliverable_list, name="deliverable_list"),
    path(
        "results/deliverables/export/", deliverables.deliverable_export, name="deliverable_export"
    ),
    path(
        "results/deliverables/<int:pk>/", deliverables.deliverable_detail, name="deliverable_detail"
    ),
    path(
        "results/deliverables/<int:pk>/file/",
        deliverables.deliverable_file,
        name="deliverable_file",
    ),
    path(
        "results/deliverables/<int:pk>/outcomes/new/", deliverables.outcome_new, name="outcome_new"
    ),
    path(
        "results/deliverables/<int:pk>/edit/",
        deliverables.deliverable_edit,
        name="deliverable_edit",
    ),
    path("results/outcomes/<int:pk>/edit/", deliverables.outcome_edit, name="outcome_edit"),
    path("results/outcomes/<int:pk>/file/", deliverables.outcome_file, name="outcome_file"),
    path(
        "results/programs/<int:program_pk>/deliverables/new/",
        deliverables.deliverable_new,
        name="deliverable_new",
    ),
    path("results/investments/", investments.investment_list, name="investment_list"),
    path("results/investments/export/", investments.investment_export, name="investment_export"),
    path("results/investments/<int:pk>/", investments.investment_detail, name="investment_detail"),
    path(
        "results/programs/<int:program_pk>/investments/new/",
        investments.investment_new,
        name="investment_new",
    ),
    path("results/problems/", problems.problem_list, name="problem_list"),
    path("results/problems/export/", problems.problem_export, name="problem_export"),
    path("results/problems/<int:pk>/", problems.problem_detail, name="problem_detail"),
    path(
        "results/programs/<int:program_pk>/problems/new/", problems.problem_new, name="problem_new"
    ),
    path(
        "results/programs/<int:program_pk>/summary/",
        results_summary.results_summary,
        name="results_summary",
    ),
    path("my/results/", my_results.my_results, name="my_results"),
    path("my/results/teams/<int:team_pk>/submit/", my_results.my_submit, name="my_submit"),
    path("my/results/<int:pk>/edit/", my_results.my_deliverable_edit, name="my_deliverable_edit"),
    path("my/results/<int:pk>/file/", my_results.my_deliverable_file, name="my_deliverable_file"),
]
