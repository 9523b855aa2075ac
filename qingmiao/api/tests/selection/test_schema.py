"""The selection endpoints in the OpenAPI schema, with what the automatic schema gets wrong
put right: request bodies, query parameters, paginated lists, the blind candidate."""

import pytest
import yaml

pytestmark = pytest.mark.django_db

# path → its operations
SELECTION_PATHS = {
    "/api/v1/programs/": {"get", "post"},
    "/api/v1/programs/{id}/": {"get", "patch"},
    "/api/v1/programs/{id}/transition/": {"post"},
    "/api/v1/programs/{id}/rule/": {"get", "put"},
    "/api/v1/programs/{id}/eligibility/": {"get"},
    "/api/v1/programs/{id}/screen/": {"post"},
    "/api/v1/programs/{id}/funnel/": {"get"},
    "/api/v1/applications/": {"get", "post"},
    "/api/v1/applications/{id}/": {"get"},
    "/api/v1/applications/{id}/withdraw/": {"post"},
    "/api/v1/stages/": {"get", "post"},
    "/api/v1/stages/{id}/": {"get", "patch"},
    "/api/v1/stages/{id}/open-scoring/": {"post"},
    "/api/v1/stages/{id}/assignments/": {"get"},
    "/api/v1/stages/{id}/assignments/auto/": {"post"},
    "/api/v1/stages/{id}/ranking/": {"get"},
    "/api/v1/stages/{id}/advancement/": {"get", "post"},
    "/api/v1/my/assignments/": {"get"},
    "/api/v1/assignments/{id}/": {"get"},
    "/api/v1/assignments/{id}/sheet/": {"get", "put"},
    "/api/v1/assignments/{id}/sheet/submit/": {"post"},
    "/api/v1/sheets/{id}/reopen/": {"post"},
}


@pytest.fixture
def schema(api, people):
    response = api(people.leader).get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def ref(content) -> str:
    return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def params(operation) -> set[str]:
    return {p["name"] for p in operation.get("parameters", [])}


def test_every_selection_endpoint_is_documented(schema):
    paths = schema["paths"]
    for path, operations in SELECTION_PATHS.items():
        assert path in paths, path
        assert set(paths[path]) == operations, path
        for operation in paths[path].values():
            assert operation["summary"], path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    assert parameter["schema"]["type"] == "integer", path


def test_requests_and_responses(schema):
    paths, components = schema["paths"], schema["components"]["schemas"]
    program = paths["/api/v1/programs/"]
    assert ref(program["post"]["requestBody"]["content"]) == "ProgramWriteRequest"
    assert ref(program["post"]["responses"]["201"]["content"]) == "Program"
    assert ref(program["get"]["responses"]["200"]["content"]) == "PaginatedProgramList"
    transition = paths["/api/v1/programs/{id}/transition/"]["post"]
    assert ref(transition["requestBody"]["content"]) == "TransitionRequest"
    rule = paths["/api/v1/programs/{id}/rule/"]
    assert ref(rule["put"]["requestBody"]["content"]) == "EligibilityRuleRequest"
    assert "requirements" not in components["EligibilityRuleRequest"]["properties"]
    eligibility = paths["/api/v1/programs/{id}/eligibility/"]["get"]
    assert "cadre" in params(eligibility)
    assert ref(eligibility["responses"]["200"]["content"]) == "Eligibility"
    applications = paths["/api/v1/applications/"]
    assert {"program", "status", "track", "mode", "page", "page_size"} <= params(
        applications["get"]
    )
    assert ref(applications["post"]["requestBody"]["content"]) == "ApplicationCreateRequest"
    assert "program" in params(paths["/api/v1/stages/"]["get"])
    assert (
        ref(paths["/api/v1/stages/{id}/assignments/"]["get"]["responses"]["200"]["content"])
        == "PaginatedStageAssignmentList"
    )
    assert "program" not in params(paths["/api/v1/stages/{id}/assignments/"]["get"])
    ranking = paths["/api/v1/stages/{id}/ranking/"]["get"]
    assert "method" in params(ranking)
    assert ref(ranking["responses"]["200"]["content"]) == "Ranking"
    advancement = paths["/api/v1/stages/{id}/advancement/"]
    assert ref(advancement["post"]["requestBody"]["content"]) == "AdvancementConfirmRequest"
    assert ref(advancement["post"]["responses"]["201"]["content"]) == "AdvancementDecision"
    assert ref(advancement["get"]["responses"]["200"]["content"]) == "AdvancementDecision"
    sheet = paths["/api/v1/assignments/{id}/sheet/"]
    assert ref(sheet["put"]["requestBody"]["content"]) == "SheetWriteRequest"
    assert ref(sheet["get"]["responses"]["200"]["content"]) == "Sheet"
    mine = paths["/api/v1/my/assignments/"]["get"]
    assert ref(mine["responses"]["200"]["content"]) == "PaginatedRaterAssignmentList"
    # Under blind review the candidate has a code and nothing else.
    assert components["Candidate"]["required"] == ["code"]
    assert components["Ranking"]["properties"]["warnings"]["items"]["$ref"].endswith(
        "/RankingWarning"
    )
    code = components["RankingWarning"]["properties"]["code"]["$ref"].rsplit("/", 1)[-1]
    assert set(components[code]["enum"]) == {
        "sparse_rater", "disconnected", "unscored_candidate", "no_spread", "cut_tie",
    }  # fmt: skip
    assert "ProgramKindEnum" in components
