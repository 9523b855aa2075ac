"""管's pages, one module of routes per area (each area's views live in
`views/<resource>.py`).
"""

from . import urls_care, urls_evaluation, urls_records, urls_rounds

app_name = "supervision"

urlpatterns = [
    *urls_rounds.urlpatterns,
    *urls_evaluation.urlpatterns,
    *urls_records.urlpatterns,
    *urls_care.urlpatterns,
]
