"""Routes of the practice area."""

from django.urls import path

from .views import practice, practice_self

urlpatterns = [
    path("practice/", practice.practice_list, name="practice_list"),
    path("practice/export/", practice.practice_export, name="practice_export"),
    path("practice/new/", practice.practice_create, name="practice_create"),
    path("practice/<int:pk>/", practice.practice_detail, name="practice_detail"),
    path("practice/<int:pk>/edit/", practice.practice_edit, name="practice_edit"),
    path("my/practice/", practice_self.my_practice, name="my_practice"),
    path(
        "my/practice/<int:pk>/report/", practice_self.my_practice_report, name="my_practice_report"
    ),
    path("my/hosted/", practice_self.my_hosted, name="my_hosted"),
    path(
        "my/hosted/<int:pk>/evaluate/", practice_self.my_hosted_evaluate, name="my_hosted_evaluate"
    ),
]
