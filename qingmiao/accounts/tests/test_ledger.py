"""The audit log as a ledger: Chinese event names for every code the code base writes, field
labels instead of field names, before → after, constant queries; plus the admin site being off
by default and a refusal logged once."""

import io
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingmiao.accounts import audit, ledger
from qingmiao.accounts.models import AuditEntry

ROOT = Path(__file__).resolve().parents[3]


def _codes_in_source() -> set[str]:
    """Every literal audit code written by the code base (record("…") and its conditional
    forms), plus the per-section codes of cadre records."""
    codes = set()
    for path in (ROOT / "qingmiao").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if "record(" not in text:
            continue
        codes |= set(re.findall(r'"((?:accounts|cadres|selection)\.[a-z_]+(?:\.[a-z_]+)+)"', text))
    from qingmiao.cadres.services import SECTION_MODELS

    codes |= {f"cadres.{section}.updated" for section in SECTION_MODELS}
    return {c for c in codes if not c.startswith(("cadres.view_", "cadres.change_"))}


def test_every_audit_code_in_the_code_base_has_a_chinese_name():
    described = ledger.known_events()
    codes = {c for c in _codes_in_source() if c.count(".") == 2 and "_" not in c.split(".")[0]}
    permissions = {c for c in codes if c.split(".")[1].startswith(("view", "add", "change"))}
    missing = sorted(codes - permissions - set(described))
    assert "cadres.orgunit.moved" in codes and "accounts.login.failed" in codes
    assert missing == []
    for label in described.values():
        assert re.search(r"[\u4e00-\u9fff]", str(label))


@pytest.mark.parametrize(
    "action, object_type, label",
    [
        ("cadres.orgunit.moved", "cadres.orgunit", "调整单位隶属关系"),
        ("cadres.orgunit.archived", "cadres.orgunit", "单位相关操作"),
        ("selection.track.created", "selection.track", "新建赛道"),
        ("insights.report.exported", "", "其他系统事件"),
    ],
)
def test_event_names_and_the_readable_fallback(action, object_type, label):
    assert ledger.event_label(action, object_type) == label


def test_an_app_registers_its_own_events():
    ledger.register({"demo.thing.done": "办结事项"}, {"thing": "事项"})
    assert ledger.event_label("demo.thing.done") == "办结事项"
    assert ledger.field_label("thing") == "事项"


@pytest.mark.django_db
def test_rows_use_field_labels_and_readable_values(people):
    entry = audit.record(
        "cadres.record.updated",
        actor=people.org_admin,
        obj=people.cadre_a,
        changes={
            "id_number": {"before": "110105********1232", "after": "110105********1355"},
            "is_active": {"before": True, "after": False},
        },
    )
    user_entry = audit.record(
        "accounts.user.changed",
        actor=people.secadmin,
        obj=people.officer_a,
        changes={"role": {"before": "unit_officer", "after": "leader"}},
    )
    rows = {row.entry.pk: row for row in ledger.rows([entry, user_entry])}
    cadre_row = rows[entry.pk]
    assert cadre_row.event == "修改干部档案"
    assert [(c.label, c.before, c.after) for c in cadre_row.changes] == [
        ("身份证号码", "110105********1232", "110105********1355"),
        ("在职", "是", "否"),
    ]
    user_row = rows[user_entry.pk]
    assert [(c.label, c.before, c.after) for c in user_row.changes] == [
        ("角色", "单位干部专员", "领导")
    ]
    assert user_row.thing == "用户"


@pytest.mark.django_db
def test_the_audit_page_reads_like_a_ledger(login, people):
    audit.record(
        "cadres.orgunit.moved",
        actor=people.sysadmin,
        obj=people.tree.section_a,
        changes={"parent": {"before": "区商务局", "after": "区财政局"}},
    )
    content = login(people.auditor).get(reverse("accounts:audit")).content.decode()
    body = content[content.index("<tbody>") :]
    assert "调整单位隶属关系" in body and "上级单位" in body
    assert "区商务局" in body and "区财政局" in body
    assert "cadres.orgunit.moved" not in body
    assert "parent" not in body.replace('data-testid="audit-changes"', "")
    assert '<td class="text-nowrap" data-testid="audit-role">系统管理员</td>' in body


@pytest.mark.django_db
def test_audit_filter_by_event_object_and_name(login, people):
    audit.record("cadres.orgunit.moved", actor=people.sysadmin, obj=people.tree.section_a)
    audit.record("cadres.tag.created", actor=people.sysadmin)
    client = login(people.auditor)

    def actions(**params):
        page = client.get(reverse("accounts:audit"), params).context["page"]
        return [e.action for e in page]

    assert actions(action="cadres.orgunit.moved") == ["cadres.orgunit.moved"]
    assert actions(object_type="cadres.orgunit", object="综合") == ["cadres.orgunit.moved"]
    assert actions(actor=people.sysadmin.full_name) == [
        "cadres.tag.created",
        "cadres.orgunit.moved",
    ]


@pytest.mark.django_db
def test_audit_page_runs_constant_queries(login, people):
    client = login(people.auditor)
    client.get(reverse("accounts:audit"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("accounts:audit"))
        return len(ctx.captured_queries)

    few = count()
    for _ in range(60):
        audit.record("cadres.orgunit.updated", actor=people.sysadmin, obj=people.tree.unit_b)
    assert count() == few
    assert audit.verify_chain() == (True, None)
    assert AuditEntry.objects.count() > 60


# --- Django's admin is a developer's tool ------------------------------------------------------


def test_admin_is_off_by_default():
    assert settings.ADMIN_ENABLED is False


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "org_admin", "auditor"])
def test_admin_is_not_routed_and_never_linked(login, people, persona):
    client = login(getattr(people, persona))
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    home = client.get("/", follow=True).content.decode()
    assert "/admin/" not in home


@pytest.mark.django_db
@pytest.mark.usefixtures("admin_site_on")
def test_admin_is_routed_when_turned_on(login, people):
    assert login(people.sysadmin).get("/admin/").status_code == 200


# --- a refusal is logged once ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_403_prints_one_traceback(login, people, caplog, settings):
    """Django's default logging gives its logger a console handler of its own under DEBUG;
    with our root handler every refusal was printed twice. Configure logging as the running
    server does (DEBUG on) and count what reaches the console."""
    from django.utils.log import configure_logging

    settings.DEBUG = True
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    logging.getLogger().addHandler(caplog.handler)  # the new configuration dropped it
    stream = io.StringIO()
    handlers = []
    logger = logging.getLogger("django.request")
    while logger is not None:
        # Console handlers only (pytest adds its own capturing handlers, subclasses of these).
        handlers += [h for h in logger.handlers if type(h) is logging.StreamHandler]
        logger = logger.parent if logger.propagate else None
    try:
        for handler in handlers:
            handler.setStream(stream)
        with caplog.at_level(logging.WARNING, logger="django.request"):
            response = login(people.cadre_user).get(reverse("accounts:audit"))
        assert response.status_code == 403
        records = [r for r in caplog.records if r.name == "django.request"]
        assert len(records) == 1 and "Forbidden" in records[0].getMessage()
        assert stream.getvalue().count("Traceback") == 1
        assert stream.getvalue().count("Forbidden (Permission denied)") == 1
    finally:
        for handler in handlers:
            handler.setStream(__import__("sys").stderr)
        settings.DEBUG = False
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
