"""Mentoring's endpoints in the OpenAPI schema."""

import yaml

MENTORING_PATHS = {
    "/api/v1/mentor-roles/",
    "/api/v1/mentor-roles/{id}/",
    "/api/v1/mentors/",
    "/api/v1/mentors/{id}/",
    "/api/v1/matching-runs/",
    "/api/v1/matching-runs/{id}/",
    "/api/v1/matching-runs/{id}/confirm/",
    "/api/v1/mentor-pairs/",
    "/api/v1/mentor-pairs/{id}/",
    "/api/v1/mentor-pairs/{id}/reassign/",
    "/api/v1/mentoring-logs/",
    "/api/v1/mentoring-logs/{id}/",
    "/api/v1/mentoring-logs/{id}/confirm/",
    "/api/v1/follow-ups/",
    "/api/v1/follow-ups/{id}/done/",
}


def test_mentoring_endpoints_are_described(api, people):
    schema = yaml.safe_load(api(people.leader).get("/api/schema/").content)
    assert set(schema["paths"]) >= MENTORING_PATHS
    create = schema["paths"]["/api/v1/mentoring-logs/"]["post"]
    assert create["summary"] == "填写帮带记录"
    assert (
        schema["paths"]["/api/v1/matching-runs/{id}/confirm/"]["post"]["summary"] == "确认匹配方案"
    )
