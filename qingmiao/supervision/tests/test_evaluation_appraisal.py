"""Annual appraisal: the 优秀 quota against hand-computed figures, all-or-nothing saves, scope,
confirmation onto the cadre's record, the .xlsx template and import with per-row errors, the
basis beside each proposal."""

from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.models import Appraisal
from qingmiao.supervision import appraisal_import, appraisal_quota, basis
from qingmiao.supervision.models import AppraisalProposal
from qingmiao.supervision.services import appraisal as services
from qingmiao.supervision.services import evaluation as evaluation_services

from .factories_evaluation import cadres, cast, issue, open_evaluation

YEAR = 2025


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def twelve(tree):
    """Twelve cadres of unit A's own (not its section's)."""
    return cadres(tree.unit_a, 12)


def _rows(people_list, grades):
    return [{"cadre": c, "grade": g, "note": ""} for c, g in zip(people_list, grades, strict=True)]


def test_quota_is_floor_of_the_share():
    # floor(12 × 20 %) = floor(2.4) = 2; floor(4 × 20 %) = 0; floor(5 × 20 %) = 1;
    # floor(7 × 25 %) = floor(1.75) = 1; floor(10 × 30 %) = 3.
    cases = [(12, 20), (4, 20), (5, 20), (7, 25), (10, 30)]
    assert [appraisal_quota.quota(n, p) for n, p in cases] == [2, 0, 1, 1, 3]


def test_within_quota_saves_all(people, twelve):
    grades = ["excellent"] * 2 + ["competent"] * 10
    assert (
        services.appraisals_propose(actor=people.officer_a, year=YEAR, rows=_rows(twelve, grades))
        == 12
    )
    assert AppraisalProposal.objects.filter(year=YEAR, status="proposed").count() == 12
    entry = AuditEntry.objects.get(action="supervision.appraisal.proposed")
    assert entry.extra["count"] == 12


def test_over_quota_is_refused_and_nothing_saved(people, twelve):
    grades = ["excellent"] * 3 + ["competent"] * 9
    with pytest.raises(ValidationError) as refused:
        services.appraisals_propose(actor=people.officer_a, year=YEAR, rows=_rows(twelve, grades))
    # 12 graded × 20 % = 2.4 → 2 places; 3 asked.
    assert refused.value.messages == [
        "区商务局：优秀 3 人，超过限额 2 人（参加定等次 12 人 × 20%，向下取整）。"
    ]
    assert not AppraisalProposal.objects.exists()


def test_unrated_cadres_do_not_count(people, twelve):
    # 10 graded + 2 不确定等次: floor(10 × 20 %) = 2, so 3 优秀 are too many, 2 are fine.
    grades = ["excellent"] * 3 + ["competent"] * 7 + ["unrated"] * 2
    with pytest.raises(ValidationError):
        services.appraisals_propose(actor=people.officer_a, year=YEAR, rows=_rows(twelve, grades))
    grades[2] = "competent"
    services.appraisals_propose(actor=people.officer_a, year=YEAR, rows=_rows(twelve, grades))
    assert AppraisalProposal.objects.filter(grade="excellent").count() == 2


def test_quota_counts_grades_already_saved(people, twelve):
    services.appraisals_propose(
        actor=people.officer_a,
        year=YEAR,
        rows=_rows(twelve[:10], ["excellent"] * 2 + ["competent"] * 8),
    )
    # Adding two more makes 12 graded, still 2 places: a third 优秀 is refused.
    with pytest.raises(ValidationError):
        services.appraisals_propose(
            actor=people.officer_a, year=YEAR, rows=_rows(twelve[10:], ["excellent", "competent"])
        )
    assert AppraisalProposal.objects.count() == 10


def test_a_configured_share(people, twelve):
    services.appraisal_quota_set(actor=people.org_admin, year=YEAR, percent=25)
    # floor(12 × 25 %) = 3.
    grades = ["excellent"] * 3 + ["competent"] * 9
    services.appraisals_propose(actor=people.officer_a, year=YEAR, rows=_rows(twelve, grades))
    with pytest.raises(ValidationError) as refused:
        services.appraisal_quota_set(actor=people.org_admin, year=YEAR, percent=0)
    assert refused.value.message_dict["percent"] == ["优秀比例须在 1% 至 100% 之间。"]
    with pytest.raises(PermissionDenied):
        services.appraisal_quota_set(actor=people.officer_a, year=YEAR, percent=30)


def test_rows_outside_scope_or_invalid(people, twelve):
    rows = [
        {"cadre": twelve[0], "grade": "competent"},
        {"cadre": people.cadre_b, "grade": "competent"},  # unit B: not officer A's
        {"cadre": twelve[1], "grade": "good"},
        {"cadre": None, "grade": "competent"},
    ]
    with pytest.raises(ValidationError) as refused:
        services.appraisals_propose(actor=people.officer_a, year=YEAR, rows=rows)
    errors = refused.value.message_dict
    assert errors["rows.1.cadre"] == ["不是您可以考核的干部。"]
    assert errors["rows.2.grade"] == ["请选择考核等次。"]
    assert errors["rows.3.cadre"] == ["不是您可以考核的干部。"]
    assert not AppraisalProposal.objects.exists()
    with pytest.raises(PermissionDenied):
        services.appraisals_propose(actor=people.leader, year=YEAR, rows=rows[:1])


def test_confirm_writes_the_record_in_the_same_transaction(people, tree, twelve):
    grades = ["excellent"] * 2 + ["competent"] * 9 + ["basically"]
    services.appraisals_propose(actor=people.officer_a, year=YEAR, rows=_rows(twelve, grades))
    assert services.appraisals_confirm(actor=people.org_admin, unit=tree.unit_a, year=YEAR) == 12
    assert Appraisal.objects.filter(year=YEAR).count() == 12
    assert Appraisal.objects.get(cadre=twelve[0], year=YEAR).result == "excellent"
    assert Appraisal.objects.get(cadre=twelve[11], year=YEAR).result == "basically"
    assert not AppraisalProposal.objects.filter(status="proposed").exists()
    assert AuditEntry.objects.filter(action="supervision.appraisal.confirmed").count() == 1
    # A confirmed grade can no longer change through a proposal.
    with pytest.raises(ValidationError) as refused:
        services.appraisals_propose(
            actor=people.officer_a, year=YEAR, rows=[{"cadre": twelve[0], "grade": "competent"}]
        )
    assert refused.value.message_dict["rows.0.grade"] == ["该等次已经确认，不能再修改。"]
    with pytest.raises(ValidationError) as refused:
        services.appraisals_confirm(actor=people.org_admin, unit=tree.unit_a, year=YEAR)
    assert refused.value.messages == ["该单位没有待确认的考核等次。"]


def test_confirm_checks_the_quota_again(people, tree, twelve):
    grades = ["excellent"] * 2 + ["competent"] * 10
    services.appraisals_propose(actor=people.officer_a, year=YEAR, rows=_rows(twelve, grades))
    services.appraisal_quota_set(actor=people.org_admin, year=YEAR, percent=10)  # floor(1.2) = 1
    with pytest.raises(ValidationError) as refused:
        services.appraisals_confirm(actor=people.org_admin, unit=tree.unit_a, year=YEAR)
    assert refused.value.messages == [
        "区商务局：优秀 2 人，超过限额 1 人（参加定等次 12 人 × 10%，向下取整）。"
    ]
    assert not Appraisal.objects.exists()
    with pytest.raises(PermissionDenied):
        services.appraisals_confirm(actor=people.officer_a, unit=tree.unit_a, year=YEAR)


# --- import ------------------------------------------------------------------------------


def _upload(content: bytes, name="考核.xlsx"):
    return SimpleUploadedFile(name, content, content_type=appraisal_import.__name__)


def _filled(tree, people_list, grades, *, year=YEAR, edit=None):
    content = appraisal_import.template(
        unit=tree.unit_a, year=year, cadres=people_list, proposals={}
    )
    wb = load_workbook(BytesIO(content))
    ws = wb.active
    for i, grade in enumerate(grades):
        ws.cell(row=appraisal_import.FIRST_ROW + i, column=4, value=grade)
    if edit:
        edit(ws)
    out = BytesIO()
    wb.save(out)
    return _upload(out.getvalue())


def test_template_lists_the_unit_with_a_drop_down(tree, twelve):
    content = appraisal_import.template(unit=tree.unit_a, year=YEAR, cadres=twelve, proposals={})
    ws = load_workbook(BytesIO(content)).active
    assert [c.value for c in ws[2]] == ["档案编号", "姓名", "单位", "考核等次", "说明"]
    assert ws.cell(row=3, column=2).value == twelve[0].name
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"优秀,称职,基本称职,不称职,不确定等次"'


def test_import_saves_every_row(people, tree, twelve):
    grades = ["优秀", "优秀"] + ["称职"] * 10
    assert (
        appraisal_import.appraisals_import(
            actor=people.officer_a, year=YEAR, upload=_filled(tree, twelve, grades)
        )
        == 12
    )
    assert AppraisalProposal.objects.filter(grade="excellent").count() == 2
    assert AuditEntry.objects.filter(action="supervision.appraisal.imported").exists()


def test_import_reports_rows_and_saves_nothing(people, tree, twelve):
    def spoil(ws):
        ws.cell(row=4, column=2, value="别人")  # name does not match the record number
        ws.cell(row=6, column=1, value=999999)  # no such record

    grades = ["优秀", "称职", "良好"] + ["称职"] * 9
    with pytest.raises(ValidationError) as refused:
        appraisal_import.appraisals_import(
            actor=people.officer_a, year=YEAR, upload=_filled(tree, twelve, grades, edit=spoil)
        )
    assert refused.value.message_dict["file"] == [
        "第 4 行：档案编号与姓名“别人”不符。",
        "第 5 行：“良好”不是可选的考核等次。",
        "第 6 行：档案编号不正确或不在您的范围内。",
    ]
    assert not AppraisalProposal.objects.exists()


def test_import_over_quota(people, tree, twelve):
    grades = ["优秀"] * 3 + ["称职"] * 9
    with pytest.raises(ValidationError) as refused:
        appraisal_import.appraisals_import(
            actor=people.officer_a, year=YEAR, upload=_filled(tree, twelve, grades)
        )
    assert "超过限额 2 人" in refused.value.message_dict["file"][0]
    assert not AppraisalProposal.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"not a spreadsheet", b"PK\x03\x04broken zip", b""],
)
def test_malformed_files(people, content):
    with pytest.raises(ValidationError) as refused:
        appraisal_import.appraisals_import(
            actor=people.officer_a, year=YEAR, upload=_upload(content)
        )
    assert refused.value.message_dict["file"] == [
        "文件无法读取，请使用下载的模板（.xlsx 格式）填写。"
    ]


def test_wrong_headers(people):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["标题"])
    wb.active.append(["姓名", "等次"])
    out = BytesIO()
    wb.save(out)
    with pytest.raises(ValidationError) as refused:
        appraisal_import.appraisals_import(
            actor=people.officer_a, year=YEAR, upload=_upload(out.getvalue())
        )
    assert refused.value.message_dict["file"] == ["表头与模板不一致，请使用下载的模板填写。"]


def test_the_basis_shows_the_published_evaluation(people, tree):
    ev = open_evaluation(people.org_admin, tree.root, [people.cadre_a], year=YEAR)
    codes = issue(people.org_admin, ev, "colleague", 3)
    for code, grade in zip(codes, ["excellent", "excellent", "competent"], strict=True):
        cast(code, ev, lambda s, g=grade: g)
    assert basis.for_cadres(people.officer_a, [people.cadre_a], YEAR)[people.cadre_a.pk] == []
    evaluation_services.evaluation_close(actor=people.org_admin, evaluation=ev)
    lines = basis.for_cadres(people.officer_a, [people.cadre_a], YEAR)[people.cadre_a.pk]
    # 2 of 3 优秀 = 66.7 %, 1 of 3 称职 = 33.3 %.
    assert lines == [
        (
            "民主测评",
            "优秀 2 票（66.7%）、称职 1 票（33.3%）、基本称职 0 票（0%）、不称职 0 票（0%）",
        )
    ]
    assert basis.for_cadres(people.officer_a, [people.cadre_a], YEAR + 1)[people.cadre_a.pk] == []
