"""育's pages, one module of routes per area (each area's views live in `views/<resource>.py`)."""

from . import (
    urls_attendance,
    urls_curriculum,
    urls_mentoring,
    urls_overview,
    urls_plans,
    urls_practice,
    urls_results,
    urls_teams,
)

app_name = "cultivation"

urlpatterns = [
    *urls_overview.urlpatterns,
    *urls_curriculum.urlpatterns,
    *urls_attendance.urlpatterns,
    *urls_mentoring.urlpatterns,
    *urls_practice.urlpatterns,
    *urls_teams.urlpatterns,
    *urls_results.urlpatterns,
    *urls_plans.urlpatterns,
]
