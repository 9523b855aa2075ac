"""Annual appraisal grades from a spreadsheet: the template a unit downloads (its cadres listed,
the grade a drop-down of the code table's names) and the reading of the filled-in file.

Reading is strict and all-or-nothing: every row's problem is reported with its row number,
and nothing is saved unless the whole file is right (the service then checks scope and the
优秀 quota exactly as for the page).
"""

from io import BytesIO
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from qingmiao.accounts import audit, scoping
from qingmiao.cadres.models import Appraisal, Cadre

from .services import appraisal as services

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
FIRST_ROW = 3  # row 1: the title, row 2: the headers


def headers() -> list[str]:
    return [_("档案编号"), _("姓名"), _("单位"), _("考核等次"), _("说明")]


def template(*, unit, year: int, cadres, proposals: dict) -> bytes:
    """The unit's sheet: one row per cadre, grades already proposed filled in."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("年度考核")
    ws.append([_("%(unit)s %(year)s 年度考核等次") % {"unit": unit.name, "year": year}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(headers())
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    labels = [str(label) for _v, label in Appraisal.Result.choices]
    for cadre in cadres:
        p = proposals.get(cadre.pk)
        ws.append(
            [
                cadre.pk,
                cadre.name,
                cadre.unit.name,
                p.get_grade_display() if p else "",
                p.note if p else "",
            ]
        )
    last = max(FIRST_ROW, ws.max_row)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("考核等次"),
        error=_("请从下拉列表中选择考核等次。"),
    )
    ws.add_data_validation(choice)
    choice.add(f"D{FIRST_ROW}:D{last + 200}")
    for col, width in zip("ABCDE", (10, 12, 24, 14, 40), strict=True):
        ws.column_dimensions[col].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def read(upload) -> list[dict]:
    """The file's rows as {line, id, name, grade, note}; refuses a file it cannot read."""
    if upload is None:
        raise ValidationError({"file": _("请选择要导入的文件。")})
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": _("文件不能超过 2 MB。")})
    try:
        wb = load_workbook(BytesIO(upload.read()), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError, TypeError):
        raise ValidationError(
            {"file": _("文件无法读取，请使用下载的模板（.xlsx 格式）填写。")}
        ) from None
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True, max_col=5))
    if len(rows) < 2 or [str(v or "").strip() for v in rows[1][:5]] != headers():
        raise ValidationError({"file": _("表头与模板不一致，请使用下载的模板填写。")})
    found = []
    for line, values in enumerate(rows[2:], start=FIRST_ROW):
        values = list(values) + [None] * (5 - len(values))
        if all(v in (None, "") for v in values):
            continue
        found.append(
            {
                "line": line,
                "id": values[0],
                "name": str(values[1] or "").strip(),
                "grade": str(values[3] or "").strip(),
                "note": str(values[4] or "").strip(),
            }
        )
    if len(found) > MAX_ROWS:
        raise ValidationError({"file": _("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS}})
    if not found:
        raise ValidationError({"file": _("文件中没有考核等次。")})
    return found


@transaction.atomic
def appraisals_import(*, actor, year: int, upload) -> int:
    """Read the file and save every grade in it, or nothing: errors by row number."""
    services.require(actor, "supervision.propose_appraisal")
    lines = read(upload)
    by_label = {str(label): value for value, label in Appraisal.Result.choices}
    ids = [_as_id(r["id"]) for r in lines]
    cadres = scoping.visible(actor, Cadre).select_related("unit").in_bulk([i for i in ids if i])
    rows, problems = [], []
    for r, pk in zip(lines, ids, strict=True):
        cadre = cadres.get(pk) if pk else None
        if cadre is None:
            problems.append(_("第 %(n)s 行：档案编号不正确或不在您的范围内。") % {"n": r["line"]})
            continue
        if cadre.name != r["name"]:
            problems.append(
                _("第 %(n)s 行：档案编号与姓名“%(name)s”不符。")
                % {"n": r["line"], "name": r["name"]}
            )
            continue
        if not r["grade"]:
            continue  # no grade yet: the row is left as it is
        if r["grade"] not in by_label:
            problems.append(
                _("第 %(n)s 行：“%(g)s”不是可选的考核等次。") % {"n": r["line"], "g": r["grade"]}
            )
            continue
        rows.append({**r, "cadre": cadre, "grade": by_label[r["grade"]], "note": r["note"]})
    if problems:
        raise ValidationError({"file": problems})
    if not rows:
        raise ValidationError({"file": _("文件中没有填写考核等次。")})
    try:
        count = services.appraisals_propose(actor=actor, year=year, rows=rows)
    except ValidationError as exc:
        raise ValidationError({"file": _row_messages(exc, rows)}) from None
    audit.record("supervision.appraisal.imported", actor=actor, extra={"year": year, "rows": count})
    return count


def _as_id(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def _row_messages(exc: ValidationError, rows: list[dict]) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return exc.messages
    out = []
    for key, errors in exc.error_dict.items():
        parts = key.split(".")
        prefix = ""
        if len(parts) == 3 and parts[0] == "rows" and parts[1].isdigit():
            prefix = _("第 %(n)s 行：") % {"n": rows[int(parts[1])]["line"]}
        out += [prefix + m for e in errors for m in e.messages]
    return out
