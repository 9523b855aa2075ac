import json
import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

from .cultivation.paths_results import RESULTS_PLANS_PATHS
from .cultivation.schema_paths_practice_teams import PRACTICE_TEAMS_PATHS
from .cultivation.test_attendance import ATTENDANCE_PATHS
from .cultivation.test_curriculum import CURRICULUM_PATHS
from .cultivation.test_mentoring_schema import MENTORING_PATHS
from .selection.test_schema import SELECTION_PATHS
from .supervision.paths_care import CARE_PATHS
from .supervision.paths_evaluation import EVALUATION_PATHS
from .supervision.test_records import RECORDS_PATHS
from .supervision.test_rounds import ROUNDS_PATHS

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_session(people):
    client = APIClient()
    client.force_login(people.leader)
    return client


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_schema_lists_the_resources(api, people):
    response = api(people.leader).get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"] == "青苗 Qingmiao API"
    paths = schema["paths"]
    assert set(paths) == {
        "/api/v1/auth/token/",
        "/api/v1/cadres/",
        "/api/v1/cadres/{id}/",
        "/api/v1/codes/",
        "/api/v1/orgunits/",
        "/api/v1/orgunits/{id}/",
        "/api/v1/people/",
        *SELECTION_PATHS,
        *CURRICULUM_PATHS,
        "/api/v1/cultivation-overview/{id}/",
        *RESULTS_PLANS_PATHS,
        *MENTORING_PATHS,
        *PRACTICE_TEAMS_PATHS,
        *ATTENDANCE_PATHS,
        *ROUNDS_PATHS,
        *CARE_PATHS,
        *EVALUATION_PATHS,
        *RECORDS_PATHS,
    }
    assert set(paths["/api/v1/cadres/"]) == {"get", "post"}
    assert set(paths["/api/v1/cadres/{id}/"]) == {"get", "patch", "delete"}
    assert set(paths["/api/v1/orgunits/{id}/"]) == {"get"}
    list_params = {p["name"] for p in paths["/api/v1/cadres/"]["get"]["parameters"]}
    assert {"q", "unit", "political_status", "generation", "page", "page_size"} <= list_params
    components = schema["components"]["schemas"]
    assert "id_number" not in components["CadreList"]["properties"]
    assert components["CadreDetail"]["properties"]["family_members"]["nullable"] is True
    write = components["CadreWriteRequest"]
    assert set(write["required"]) == {"name", "gender", "birth_date", "unit"}
    assert "name_pinyin" not in write["properties"]
    assert "409" in paths["/api/v1/cadres/{id}/"]["patch"]["responses"]
    assert "security" not in paths["/api/v1/auth/token/"]["post"]  # no credentials needed
    assert paths["/api/v1/auth/token/"]["delete"]["security"] == [{"tokenAuth": []}]
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_schema_as_json(api, people):
    response = api(people.org_admin).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/cadres/" in json.loads(response.content)["paths"]


def test_docs_page_uses_only_local_files_and_no_inline_script(browser_session):
    response = browser_session.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts]
    assert all(body.strip() == "" for _, body in scripts), "inline script"
    assert sources == [
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui-standalone-preset.js",
        "/api/docs/?script=",
    ]
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == ["/static/vendor/swagger-ui/swagger-ui.css"]
    for path in [*sources[:2], *stylesheets, "/static/vendor/swagger-ui/favicon-32x32.png"]:
        assert finders.find(path.removeprefix("/static/")), f"{path} is not a static file"


def test_docs_page_is_allowed_by_the_csp(browser_session):
    response = browser_session.get("/api/docs/")
    csp = csp_directives(response)
    # Scripts only from this site, none inline: what the page above needs, and nothing more.
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'self'" in csp["style-src"]  # swagger-ui.css, and the page's small <style> block
    assert "'unsafe-inline'" in csp["style-src"]
    assert "data:" in csp["img-src"]  # Swagger UI's icons
    assert csp["default-src"] == ["'self'"]  # fetching /api/schema/


def test_docs_start_up_script(browser_session):
    response = browser_session.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    script = response.content.decode()
    assert 'url: "/api/schema/"' in script
    assert "SwaggerUIBundle(" in script
    settings_json = re.search(r"const swaggerSettings = (\{.*?\});", script, re.S).group(1)
    assert json.loads(settings_json)["validatorUrl"] is None  # no call to an outside validator
    assert "http://" not in script and "https://" not in script


def test_docs_need_a_signed_in_browser(api, people):
    response = api().get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api/docs/"
    assert api().get("/api/docs/", {"script": ""}).status_code == 302
