"""Results services: refusals name the field and change nothing; the roll-ups against totals
counted by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingmiao.accounts.models import AuditEntry
from qingmiao.cultivation.models import Deliverable, DeliverableOutcome, InvestmentRecord
from qingmiao.cultivation.selectors import results_rollup as rollup
from qingmiao.cultivation.services import results as services

from .factories_results import deliverable_data, docx, more_cadres, pdf, png, program_with, team

VALID_CODE = "91420000177570439L"


@pytest.fixture
def setting(people):
    """A program of four cadres: 张伟 (unit A), 李娜 (section under A), 王强 and one more
    (unit B); team 一组 = 张伟 + 王强, 二组 = 李娜 + 赵六."""
    t = people.tree
    (zhao,) = more_cadres(t.unit_b, 1, name="赵六")
    program = program_with(
        people.org_admin, [people.cadre_a, people.cadre_a2, people.cadre_b, zhao]
    )
    one = team(program, "一组", [people.cadre_a, people.cadre_b])
    two = team(program, "二组", [people.cadre_a2, zhao])
    return program, one, two, zhao


def _deliverable(people, program, kind, team, authors, day):
    return services.deliverable_record(
        actor=people.org_admin,
        program=program,
        data=deliverable_data(kind=kind, team=team, authors=authors, submitted_on=day),
    )


def _outcome(people, d, kind):
    return services.deliverable_outcome_record(
        actor=people.org_admin,
        deliverable=d,
        data={
            "kind": kind,
            "body": "区政府",
            "date": d.submitted_on,
            "evidence": "区政府常务会议纪要",
        },
    )


def _investment(people, program, team, cadres, capital, stage, day):
    return services.investment_record(
        actor=people.org_admin,
        program=program,
        data={
            "enterprise_name": f"企业{capital}",
            "registered_capital": capital,
            "stage": stage,
            "date": day,
            "team": team,
            "cadres": cadres,
        },
    )


def _problem(people, program, team, cadres, beneficiary, kind, day=date(2026, 5, 1)):
    return services.problem_record(
        actor=people.org_admin,
        program=program,
        data={
            "title": "解决用工难",
            "beneficiary": beneficiary,
            "beneficiary_kind": kind,
            "outcome": "招到 30 人",
            "date": day,
            "team": team,
            "cadres": cadres,
        },
    )


@pytest.fixture
def results(people, setting):
    """The hand-counted case (see each test's figures)."""
    program, one, two, zhao = setting
    y26, y25 = date(2026, 6, 1), date(2025, 6, 1)
    d1 = _deliverable(people, program, "bottleneck", one, [people.cadre_a, people.cadre_b], y26)
    d2 = _deliverable(people, program, "bottleneck", two, [], y26)  # team only: 李娜, 赵六
    d3 = _deliverable(people, program, "proposal", None, [people.cadre_a], y25)
    d4 = _deliverable(people, program, "suggestion", one, [people.cadre_b], y26)
    _outcome(people, d1, "adopted")
    _outcome(people, d1, "planned")
    _outcome(people, d2, "converted")
    _outcome(people, d3, "adopted")
    _investment(people, program, one, [people.cadre_a], "1000.50", "settled", y26)
    _investment(people, program, one, [], "2000.25", "signed", y26)  # team only: 张伟, 王强
    _investment(people, program, two, [zhao], "0", "contact", y25)
    _problem(people, program, two, [people.cadre_a2], "开发区一号项目", "project")
    _problem(people, program, one, [], "开发区一号项目", "project")  # team only
    _problem(people, program, None, [people.cadre_b], "某制造企业", "enterprise")
    return program, one, two, zhao, (d1, d2, d3, d4)


def test_program_totals_by_hand(people, results):
    program = results[0]
    got = rollup.results_totals(people.org_admin, program=program)
    assert got["deliverables"] == {
        "total": 4,
        "research": 0,
        "bottleneck": 2,
        "proposal": 1,
        "suggestion": 1,
    }
    assert got["outcomes"] == {"adopted": 2, "converted": 1, "planned": 1}
    assert got["rates"] == {
        "adopted": Decimal("50.0"),
        "converted": Decimal("25.0"),
        "planned": Decimal("25.0"),
    }
    assert got["investment"] == {
        "enterprises": 3,
        "settled": 1,
        "capital": Decimal("3000.75"),
        "settled_capital": Decimal("1000.50"),
    }
    assert got["problems"] == {"total": 3, "projects": 1}


def test_year_narrows_every_figure(people, results):
    got = rollup.results_totals(people.org_admin, program=results[0], year=2026)
    assert got["deliverables"]["total"] == 3
    assert got["outcomes"] == {"adopted": 1, "converted": 1, "planned": 1}
    assert got["rates"]["adopted"] == Decimal("33.3")
    assert got["investment"]["enterprises"] == 2
    assert got["investment"]["capital"] == Decimal("3000.75")
    assert got["problems"]["total"] == 3


def test_units_count_a_two_unit_deliverable_once_each(people, results):
    """D1 (authors 张伟 of unit A and 王强 of unit B) counts once for each unit and once in
    the program: units add up to 6 deliverables, the program has 4."""
    program = results[0]
    rows = {r["name"]: r for r in rollup.results_by_unit(people.org_admin, program=program)}
    t = people.tree
    assert set(rows) == {t.unit_a.name, t.section_a.name, t.unit_b.name}
    a, s, b = rows[t.unit_a.name], rows[t.section_a.name], rows[t.unit_b.name]
    assert a["deliverables"]["total"] == 2  # D1, D3
    assert a["outcomes"] == {"adopted": 2, "converted": 0, "planned": 1}
    assert a["investment"]["enterprises"] == 2  # I1 named, I2 through the team
    assert a["investment"]["capital"] == Decimal("3000.75")
    assert a["problems"] == {"total": 1, "projects": 1}
    assert s["deliverables"]["total"] == 1  # D2 through the team
    assert s["outcomes"]["converted"] == 1
    assert s["problems"]["total"] == 1
    assert b["deliverables"]["total"] == 3  # D1, D2, D4
    assert b["investment"] == {
        "enterprises": 2,
        "settled": 0,
        "capital": Decimal("2000.25"),
        "settled_capital": Decimal("0.00"),
    }
    assert b["problems"] == {"total": 2, "projects": 1}
    assert sum(r["deliverables"]["total"] for r in rows.values()) == 6
    # The unit filter takes the subtree: unit A with its section.
    assert rollup.results_totals(people.org_admin, unit=t.unit_a)["deliverables"]["total"] == 3


def test_teams_and_cadres(people, results):
    program, _one, _two, _zhao, _ds = results
    teams = {r["name"]: r for r in rollup.results_by_team(people.org_admin, program=program)}
    assert teams["一组"]["deliverables"]["total"] == 2
    assert teams["一组"]["outcomes"] == {"adopted": 1, "converted": 0, "planned": 1}
    assert teams["一组"]["investment"]["capital"] == Decimal("3000.75")
    assert teams["二组"]["deliverables"]["total"] == 1
    assert teams["二组"]["investment"]["capital"] == Decimal("0.00")
    assert teams["二组"]["problems"]["total"] == 1
    cadres = {r["name"]: r for r in rollup.results_by_cadre(people.org_admin, program=program)}
    assert cadres["张伟"]["deliverables"]["total"] == 2
    assert cadres["张伟"]["investment"]["enterprises"] == 2
    assert cadres["王强"]["deliverables"]["total"] == 2
    assert cadres["王强"]["investment"]["capital"] == Decimal("2000.25")
    assert cadres["王强"]["problems"]["total"] == 2
    assert cadres["赵六"]["deliverables"]["total"] == 1
    assert cadres["赵六"]["problems"]["total"] == 0


def test_scope_of_the_roll_ups(people, results):
    # Unit A's officer sees what is credited to unit A's subtree: D1, D3 and D2 (through 李娜).
    assert rollup.results_totals(people.officer_a)["deliverables"]["total"] == 3
    # Unit B's: D1, D2 (赵六), D4.
    assert rollup.results_totals(people.officer_b)["deliverables"]["total"] == 3
    # The cadre 张伟: own (D1, D3) and team 一组's (D4).
    assert rollup.results_totals(people.cadre_user)["deliverables"]["total"] == 3
    assert rollup.results_totals(people.rater)["deliverables"]["total"] == 0


def test_credit_code_and_capital_refusals(people, setting):
    program, one, _two, _zhao = setting
    base = {"enterprise_name": "某企业", "stage": "contact", "date": date(2026, 1, 5), "team": one}
    cases = [
        ({"credit_code": "91420000177570439A", "registered_capital": "1"}, "credit_code"),
        ({"credit_code": "9142000017757043", "registered_capital": "1"}, "credit_code"),
        ({"credit_code": "91420000I7757043OL", "registered_capital": "1"}, "credit_code"),
        ({"registered_capital": "-5"}, "registered_capital"),
        ({"registered_capital": "一千"}, "registered_capital"),
        ({"registered_capital": "1.005"}, "registered_capital"),
        ({"registered_capital": "NaN"}, "registered_capital"),
    ]
    for extra, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.investment_record(actor=people.org_admin, program=program, data=base | extra)
        assert field in exc.value.message_dict, extra
    assert not InvestmentRecord.objects.exists()
    record = services.investment_record(
        actor=people.org_admin,
        program=program,
        data=base | {"credit_code": " 91420000177570439l ", "registered_capital": "6,000.10"},
    )
    assert record.credit_code == VALID_CODE
    assert record.registered_capital == Decimal("6000.10")
    with pytest.raises(ValidationError) as exc:  # the same enterprise twice in a program
        services.investment_record(
            actor=people.org_admin,
            program=program,
            data=base | {"credit_code": VALID_CODE, "registered_capital": "1"},
        )
    assert "credit_code" in exc.value.message_dict
    services.investment_update(actor=people.org_admin, record=record, data={"stage": "settled"})
    record.refresh_from_db()
    assert record.stage == "settled"
    assert AuditEntry.objects.filter(action="cultivation.investment.updated").count() == 1


def test_files_checked_by_content(people, setting):
    program, one, _two, _zhao = setting
    bad = [
        pdf("报告.docx"),  # a PDF under a Word name
        docx("报告.pdf"),
        docx("报告.docm", macros=True),
        docx("报告.docx", macros=True),  # a macro document renamed
        png("报告.png"),  # a photo is no report
        pdf("大报告.pdf", size=21 * 1024 * 1024),
    ]
    for upload in bad:
        with pytest.raises(ValidationError) as exc:
            services.deliverable_record(
                actor=people.org_admin,
                program=program,
                data=deliverable_data(team=one, file=upload),
            )
        assert "file" in exc.value.message_dict, upload.name
    assert not Deliverable.objects.exists()
    for upload in (pdf(), docx()):
        d = services.deliverable_record(
            actor=people.org_admin, program=program, data=deliverable_data(team=one, file=upload)
        )
        assert d.file.name.endswith(upload.name.rsplit(".", 1)[-1])


def test_deliverable_credit_and_outcome_rules(people, setting):
    program, _one, _two, _zhao = setting
    with pytest.raises(ValidationError) as exc:
        services.deliverable_record(
            actor=people.org_admin, program=program, data=deliverable_data()
        )
    assert "authors" in exc.value.message_dict
    # Unit A's officer may not credit a cadre of unit B.
    with pytest.raises(ValidationError) as exc:
        services.deliverable_record(
            actor=people.officer_a,
            program=program,
            data=deliverable_data(authors=[people.cadre_b]),
        )
    assert "authors" in exc.value.message_dict
    d = services.deliverable_record(
        actor=people.officer_a, program=program, data=deliverable_data(authors=[people.cadre_a])
    )
    data = {"kind": "adopted", "body": "区发改委", "date": date(2026, 7, 1), "evidence": ""}
    with pytest.raises(ValidationError) as exc:
        services.deliverable_outcome_record(actor=people.org_admin, deliverable=d, data=data)
    assert "evidence" in exc.value.message_dict
    data["evidence"] = "纳入《“十五五”规划纲要》"
    with pytest.raises(ValidationError) as exc:
        services.deliverable_outcome_record(
            actor=people.org_admin, deliverable=d, data=data | {"date": date(2026, 5, 1)}
        )
    assert "date" in exc.value.message_dict
    services.deliverable_outcome_record(
        actor=people.org_admin, deliverable=d, data=data | {"evidence_file": pdf("纪要.pdf")}
    )
    with pytest.raises(ValidationError) as exc:
        services.deliverable_outcome_record(actor=people.org_admin, deliverable=d, data=data)
    assert "kind" in exc.value.message_dict
    assert DeliverableOutcome.objects.count() == 1
    # The author hears of it.
    assert people.cadre_user.notifications.filter(event="cultivation.deliverable.outcome").exists()
    with pytest.raises(PermissionDenied):
        services.deliverable_outcome_record(actor=people.cadre_user, deliverable=d, data=data)


def test_cadre_submits_for_own_team(people, setting):
    program, one, two, _zhao = setting
    d = services.deliverable_submit(
        actor=people.cadre_user, team=one, data=deliverable_data(file=docx())
    )
    assert list(d.authors.all()) == [people.cadre_a]
    assert d.program == program
    with pytest.raises(ValidationError) as exc:
        services.deliverable_submit(
            actor=people.cadre_user, team=one, data=deliverable_data(authors=[people.cadre_a2])
        )
    assert "authors" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.deliverable_submit(actor=people.cadre_user, team=two, data=deliverable_data())
    entry = AuditEntry.objects.get(action="cultivation.deliverable.submitted")
    assert entry.changes["authors"] == ["张伟"]
