"""Builds the growth record's Word template, `growth_record.docx`, committed beside this file.

    .venv/bin/python -m qingmiao.supervision.documents.build_templates

The template holds only layout and docxtpl tags; every label arrives translated in the context
(`L`), so the same template serves any language. An office may restyle the committed file in
Word (fonts, margins, a letterhead) as long as the tags stay; rerunning this script resets it.
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
GROWTH_RECORD = HERE / "growth_record.docx"


def _font(run, size=None, bold=False):
    run.font.name = "SimSun"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _para(doc, text, *, size=12, bold=False, center=False):
    p = doc.add_paragraph()
    _font(p.add_run(text), size, bold)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def build() -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    _para(doc, "{{ L.title }}", size=22, bold=True, center=True)
    _para(doc, "{{ L.unit_line }}", size=12, center=True)

    _para(doc, "{{ L.basic }}", size=14, bold=True)
    info = doc.add_table(rows=4, cols=5)
    info.style = "Table Grid"
    info.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = [
        ("{{ L.name }}", "{{ name }}", "{{ L.gender }}", "{{ gender }}"),
        ("{{ L.birth }}", "{{ birth }}", "{{ L.hire }}", "{{ hire }}"),
        ("{{ L.unit }}", "{{ unit }}", "{{ L.post }}", "{{ post }}"),
        ("{{ L.education }}", "{{ education }}", "{{ L.political }}", "{{ political }}"),
    ]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            _font(info.cell(r, c).paragraphs[0].add_run(text), 11, bold=c % 2 == 0)
    photo = info.cell(0, 4).merge(info.cell(3, 4))
    photo.paragraphs[0].add_run("{{ photo }}")
    photo.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    _para(doc, "{{ L.fitness }}", size=14, bold=True)
    reviews = doc.add_table(rows=3, cols=4)
    reviews.style = "Table Grid"
    for c, text in enumerate(
        ("{{ L.period }}", "{{ L.judgement }}", "{{ L.reasons }}", "{{ L.reviewer }}")
    ):
        _font(reviews.cell(0, c).paragraphs[0].add_run(text), 11, bold=True)
    reviews.cell(1, 0).paragraphs[0].add_run("{%tr for r in reviews %}")
    for c, text in enumerate(
        ("{{ r.period }}", "{{ r.judgement }}", "{{ r.reasons }}", "{{ r.reviewer }}")
    ):
        _font(reviews.cell(2, c).paragraphs[0].add_run(text), 10.5)
    row = reviews.add_row()
    row.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "{{ L.no_reviews }}", size=10.5)

    _para(doc, "{{ L.summary }}", size=14, bold=True)
    summary = doc.add_table(rows=3, cols=2)
    summary.style = "Table Grid"
    _font(summary.cell(0, 0).paragraphs[0].add_run("{{ L.year }}"), 11, bold=True)
    _font(summary.cell(0, 1).paragraphs[0].add_run("{{ L.year_summary }}"), 11, bold=True)
    summary.cell(1, 0).paragraphs[0].add_run("{%tr for y in years %}")
    _font(summary.cell(2, 0).paragraphs[0].add_run("{{ y.year }}"), 10.5)
    _font(summary.cell(2, 1).paragraphs[0].add_run("{{ y.summary }}"), 10.5)
    summary.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")

    _para(doc, "{{ L.timeline }}", size=14, bold=True)
    doc.add_paragraph("{%p for y in years %}")
    _para(doc, "{{ y.heading }}", size=12, bold=True)
    doc.add_paragraph("{%p for e in y.events %}")
    p = doc.add_paragraph()
    _font(p.add_run("{{ e.day }}　"), 10.5, bold=True)
    _font(p.add_run("【{{ e.kind }}】{{ e.title }}"), 10.5)
    _font(p.add_run("{% if e.detail %}　{{ e.detail }}{% endif %}"), 10.5)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    _para(doc, "{{ L.footer }}", size=9, center=True)
    doc.save(GROWTH_RECORD)
    return GROWTH_RECORD


if __name__ == "__main__":
    print(build())
