"""Project-level behaviour: health check, settings from the environment, production checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db import connection

    def boom(*args, **kwargs):
        raise RuntimeError("down")

    monkeypatch.setattr(connection, "cursor", boom)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def _run_manage(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QINGMIAO_TESTING",)}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "x9!kq2#pL0vZ8m@R4t$W7yB1nC5eF3hJ6uQ0sD2gA8kM4pT7wE9rY1iO3zX5cV",
        "FIELD_ENCRYPTION_KEYS": "ZGV2LW9ubHktZmllbGQta2V5LWRvLW5vdC11c2UhISE=",
        "ALLOWED_HOSTS": "qingmiao.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = _run_manage(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = {"DEBUG": "false", "SECRET_KEY": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    result = _run_manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


# Public CDN hosts, written as a pattern so that this guard does not itself name one.
CDN = re.compile(r"\bcdn\.|unpkg\.com|jsdeli[v]r|googleapi[s]|bootcd[n]|cdnj[s]|staticfile\.org")


def test_no_cdn_addresses_in_templates_or_static():
    offenders = []
    for folder in ("templates", "static", "qingmiao", "config"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".js", ".css", ".py"} and path.is_file():
                text = path.read_text(encoding="utf-8", errors="ignore")
                offenders += [f"{path}: {m.group(0)}" for m in CDN.finditer(text)]
    assert offenders == []


def test_cdn_guard_recognizes_a_cdn_address():
    host = "cdn" + ".example.com"
    assert CDN.search(f'<script src="https://{host}/x.js">')
    assert not CDN.search('<script src="/static/vendor/htmx/htmx.min.js">')
