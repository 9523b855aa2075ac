"""Routes of a program's cultivation overview."""

from django.urls import path

from .views import overview

urlpatterns = [
    path("overview/", overview.overview_index, name="overview_index"),
    path("overview/<int:pk>/", overview.program_overview, name="overview"),
]
