"""/api/v1/cultivation-overview/<program>/: the overview page's figures, per caller."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from qingmiao.cultivation.tests.test_overview import EVERYONE, READERS, camp  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", EVERYONE)
def test_overview_endpoint_per_role(people, camp, persona):  # noqa: F811
    client = APIClient()
    client.force_authenticate(getattr(people, persona))
    response = client.get(f"/api/v1/cultivation-overview/{camp.pk}/")
    assert response.status_code == (200 if persona in READERS else 403)
    if persona == "org_admin":
        data = response.json()
        assert data["participants"] == 3 and data["person_times"] == 3
        assert Decimal(data["capital_total"]) == Decimal("7234.56")
        assert [b["n"] for b in data["hours_bands"]] == [1, 1, 1]
        assert data["attendance_by_month"][0]["month"] == "2026-05"
    if persona == "officer_a":
        assert response.json()["participants"] == 2


def test_an_unknown_program_is_404(people):
    client = APIClient()
    client.force_authenticate(people.org_admin)
    assert client.get("/api/v1/cultivation-overview/999999/").status_code == 404
