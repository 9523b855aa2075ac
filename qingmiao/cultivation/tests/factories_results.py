"""Factories of the results area: a running program with participants and teams, and files."""

import io
import zipfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.cultivation.models import Team, TeamMember
from qingmiao.selection.tests.factories import running_program


def program_with(actor, cadres, **data):
    return running_program(actor, cadres, **data)


def team(program, name, cadres, formation="staff") -> Team:
    t = Team.objects.create(program=program, name=name, formation=formation)
    for c in cadres:
        TeamMember.objects.create(team=t, program=program, cadre=c)
    return t


def pdf(name="报告.pdf", size=None) -> SimpleUploadedFile:
    body = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx(name="报告.docx", *, macros=False) -> SimpleUploadedFile:
    main = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macros
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
        if macros:
            z.writestr("word/vbaProject.bin", b"\x00")
    return SimpleUploadedFile(name, buf.getvalue())


def png(name="照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)


def deliverable_data(**extra) -> dict:
    data = {
        "kind": "bottleneck",
        "title": "园区企业用地审批堵点",
        "summary": "审批环节多、时限长。",
        "submitted_on": date(2026, 6, 1),
    }
    data.update(extra)
    return data


def more_cadres(unit, n, **kw):
    return [CadreFactory(unit=unit, **kw) for _ in range(n)]
