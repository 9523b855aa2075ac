"""The growth record as a document: the .docx parsed back (sections, tables, photo, Chinese
intact), the PDF rendered to an image and read back; built as a job, served to its starter,
audited; refused outside the scope."""

import io

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image

from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models import Job
from qingmiao.supervision.documents import growth as documents

from .factories_records import small_record

pytestmark = pytest.mark.django_db


def photo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 160), (180, 40, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def record(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    small_record(people)
    people.cadre_a.photo.save("zw.png", SimpleUploadedFile("zw.png", photo_png()), save=True)
    return people


def test_docx_parsed_back(record):
    content = documents.to_docx(record.org_admin, record.cadre_a)
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "成长纪实档案"
    for heading in ("一、基本情况", "二、适岗情况与能力水平分析", "三、年度概况", "四、成长纪实"):
        assert heading in paragraphs
    assert "2025年" in paragraphs and "2026年" in paragraphs
    assert any("【导师帮带】导师" in p and "入职谈心" in p for p in paragraphs)
    assert any(p.startswith("2026.08.08") and "某新材料有限公司" in p for p in paragraphs)
    info, reviews, summary = doc.tables
    cells = [c.text for row in info.rows for c in row.cells]
    assert "张伟" in cells and "区商务局" in cells and "2024.07" in cells
    # The photo sits in the basic-information table.
    assert info.rows[0].cells[4]._tc.xpath(".//pic:pic")
    assert len(doc.inline_shapes) == 1
    # One review row under the header: 2025.07.31—2026.01.31, 基本胜任.
    assert [c.text for c in reviews.rows[1].cells] == [
        "2025.07.31—2026.01.31",
        "基本胜任",
        "业务尚需熟悉",
        record.officer_a.display_name,
    ]
    assert len(reviews.rows) == 2
    assert [r.cells[0].text for r in summary.rows] == ["年度", "2025", "2026"]
    assert "导师帮带 1 项" in summary.rows[1].cells[1].text
    assert "学时 3" in summary.rows[1].cells[1].text
    # No tag left unfilled.
    assert "{{" not in "".join(paragraphs) and "{%" not in "".join(paragraphs)


def test_pdf_rendered_and_read_back(record):
    content = documents.to_pdf(record.org_admin, record.cadre_a)
    pdf = pypdfium2.PdfDocument(content)
    # The tables fill the first A4 page; the timeline's 11 lines run onto the second.
    assert len(pdf) == 2
    page = pdf[0]
    text = "".join(p.get_textpage().get_text_range() for p in pdf)
    assert "成长纪实档案" in text.replace(" ", "") or "成 长 纪 实 档 案" in text
    assert "张伟" in text and "基本胜任" in text and "乡村物流调研报告" in text
    image = page.render(scale=1).to_pil().convert("L")
    # Not blank: a good share of the page is ink, and the red photo shows up.
    dark = sum(1 for px in image.getdata() if px < 128)
    assert dark > 2000
    colour = page.render(scale=1).to_pil().convert("RGB")
    assert any(r > 150 and g < 80 and b < 80 for r, g, b in colour.getdata())


def test_export_job_builds_the_file_for_its_starter(
    record, login, django_capture_on_commit_callbacks
):
    c = login(record.org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/supervision/records/{record.cadre_a.pk}/export/docx/")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/supervision/records/{record.cadre_a.pk}/?job={job.pk}"
    job.refresh_from_db()
    assert job.status == "done" and job.result_name == "张伟成长纪实档案.docx"
    download = c.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert Document(io.BytesIO(body)).paragraphs[0].text == "成长纪实档案"
    entry = AuditEntry.objects.get(action="supervision.growth_record.exported")
    assert entry.changes == {"format": "docx"} and entry.actor == record.org_admin
    # The page shows the job and its download.
    page = c.get(f"/supervision/records/{record.cadre_a.pk}/?job={job.pk}")
    assert b'data-testid="job-download"' in page.content
    # Somebody else cannot fetch the file.
    assert login(record.leader).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_export_refused_outside_scope_and_without_the_right(record, login):
    from qingmiao.accounts.roles import Role
    from qingmiao.accounts.tests.factories import UserFactory

    other = UserFactory(role=Role.ORG_ADMIN, org_unit=record.tree.unit_b, username="orgadmin_b")
    assert (
        login(other).post(f"/supervision/records/{record.cadre_a.pk}/export/pdf/").status_code
        == 404
    )
    assert (
        login(record.leader)
        .post(f"/supervision/records/{record.cadre_a.pk}/export/pdf/")
        .status_code
        == 403
    )
    assert (
        login(record.cadre_user)
        .post(f"/supervision/records/{record.cadre_a.pk}/export/pdf/")
        .status_code
        == 403
    )
    r = login(record.org_admin).post(
        f"/supervision/records/{record.cadre_a.pk}/export/xls/", follow=True
    )
    assert "请选择导出为 Word 或 PDF。" in r.content.decode()
    assert not Job.objects.exists()
    assert not AuditEntry.objects.filter(action="supervision.growth_record.exported").exists()
