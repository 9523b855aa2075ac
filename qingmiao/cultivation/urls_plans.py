"""Routes of the new-recruit plans area."""

from django.urls import path

from .views import my_plan, plan_templates, plans

urlpatterns = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/export/", plans.plan_export, name="plan_export"),
    path("plans/new/", plans.plans_create, name="plans_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/milestones/<int:pk>/confirm/", plans.milestone_confirm, name="milestone_confirm"),
    path("plans/milestones/<int:pk>/file/", my_plan.milestone_file, name="milestone_file"),
    path("plans/templates/", plan_templates.template_list, name="plan_template_list"),
    path("plans/templates/new/", plan_templates.template_edit, name="plan_template_new"),
    path("plans/templates/<int:pk>/", plan_templates.template_edit, name="plan_template_edit"),
    path("my/plan/", my_plan.my_plan, name="my_plan"),
    path("my/plan/milestones/<int:pk>/", my_plan.my_milestone_done, name="my_milestone_done"),
    path("my/plan/milestones/<int:pk>/file/", my_plan.my_milestone_file, name="my_milestone_file"),
]
