"""One export for every list page: what the page shows, to .xlsx.

A list declares once what it exports (`ListExport`): the capability, the title, how the page
builds its queryset from the user and the query string (scope + filters + sort), and the
columns with their masking. `export_list(request, export)` then checks the capability, writes
the file in the request when it is small, or starts a background job with progress when it has
more rows than `settings.EXPORT_BACKGROUND_ROWS`; either way the export is audited
(`core.list.exported`, with the filters and the row count).

The worker has no request: it rebuilds the queryset from the same definition, imported by its
dotted path (`key`), for the same user, so a job exports exactly what the page would show.
"""

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from qingmiao.accounts import audit

from . import jobs
from .models import Job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text a spreadsheet would read as a formula (or as the start of one: DDE, +cmd|…).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Query parameters that page the list rather than filter it.
NOT_FILTERS = {"page", "page_size", "csrfmiddlewaretoken"}


@dataclass(frozen=True)
class Column:
    """One exported column: a Chinese header, and the value a row shows (masking applied).
    `sensitive` names the field when the value is shown in clear, so the audit says so."""

    header: Any
    value: Callable[[Any], Any]
    width: int | None = None
    sensitive: str = ""
    number_format: str = ""  # e.g. "0.00", so a score reads as the page prints it


@dataclass(frozen=True)
class ListExport:
    key: str  # dotted path of this definition, e.g. "qingmiao.cadres.exports.CADRE_LIST"
    title: Any  # the list's name, e.g. 干部档案; the file is named after it
    capability: str
    # (user, query) → the page's queryset: scope + filters + sort. Raise ValidationError for
    # filters the page would refuse.
    queryset: Callable[[Any, QueryDict], QuerySet]
    # user → the columns this user sees (masked unless the role may see the field).
    columns: Callable[[Any], Sequence[Column]]


def export_list(
    request: HttpRequest, export: ListExport, *, back: str = "", query: QueryDict | None = None
) -> HttpResponse:
    """The response to an export button: the .xlsx file, or (above the threshold) a redirect
    to the job's progress page. 403 without the capability; bad filters go back to the list
    with the reason. `query` is the list's query string (the request's by default); a list
    that belongs to one object (a programme's applications) adds the object's id to it, so
    the audit names it and a job rebuilds the same list."""
    _check_definition(export)
    user = request.user
    if not user.has_perm(export.capability):
        raise PermissionDenied
    query = request.GET if query is None else query
    filters = _filters(query)
    try:
        queryset = export.queryset(user, query)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back or "home")
    total = queryset.count()
    if total > settings.EXPORT_BACKGROUND_ROWS:
        job = jobs.job_start(
            actor=user,
            handler=run_list_export,
            title=_("导出%(title)s（%(n)s 行）") % {"title": export.title, "n": total},
            params={"export": export.key, "filters": filters, "back": back},
        )
        return redirect("jobs:detail", pk=job.pk)
    columns = list(export.columns(user))
    with transaction.atomic():
        content, rows = write_xlsx(title=str(export.title), rows=queryset, columns=columns)
        _audit(user, export, columns, filters, rows)
    name = file_name(str(export.title))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = _disposition(name)
    return response


@jobs.job_handler
def run_list_export(job: Job) -> None:
    export = import_string(job.params["export"])
    user = job.actor
    if not user.has_perm(export.capability):
        raise jobs.JobError(_("您已没有导出此名单的权限。"))
    query = QueryDict(mutable=True)
    for key, value in job.params.get("filters", {}).items():
        query.setlist(key, value if isinstance(value, list) else [value])
    queryset = export.queryset(user, query)
    total = queryset.count()
    job.progress(0, total, _("正在导出…"))

    def report(done: int) -> None:
        job.progress(
            done, total, _("已写入 %(done)s / %(total)s 行") % {"done": done, "total": total}
        )

    columns = list(export.columns(user))
    content, rows = write_xlsx(
        title=str(export.title), rows=queryset, columns=columns, progress=report
    )
    with transaction.atomic():
        job.save_result(name=file_name(str(export.title)), content=content)
        _audit(user, export, columns, job.params.get("filters", {}), rows, job=job)
    job.progress(rows, total, _("导出完成，共 %(n)s 行") % {"n": rows})


def write_xlsx(
    *,
    title: str,
    rows: QuerySet | Iterable,
    columns: Sequence[Column],
    progress: Callable[[int], None] | None = None,
    chunk_size: int | None = None,
) -> tuple[bytes, int]:
    """Write rows to an .xlsx (bold, frozen header; widths for Chinese text). A queryset is
    read in chunks, so memory stays flat however long the list; `progress(done)` is called
    after each chunk. Returns the file's bytes and the number of rows written."""
    chunk_size = chunk_size or settings.EXPORT_CHUNK_SIZE
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width or max(
            8, display_width(str(column.header)) + 2
        )
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    iterator = rows.iterator(chunk_size=chunk_size) if isinstance(rows, QuerySet) else rows
    count = 0
    for obj in iterator:
        sheet.append([_cell(sheet, column.value(obj), column.number_format) for column in columns])
        count += 1
        if progress is not None and count % chunk_size == 0:
            progress(count)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def _cell(sheet, value, number_format: str = ""):
    if value is None:
        return None
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = "yyyy年m月d日 hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy年m月d日"
        return cell
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if number_format:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = number_format
            return cell
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        # Stored as text, never as a formula, and flagged so a spreadsheet keeps it text
        # when the cell is edited (the ' a user would type, without changing the value).
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return text


def display_width(text: str) -> int:
    """Columns a text takes: a Chinese character is as wide as two Latin ones."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def file_name(title: str) -> str:
    return f"{title}_{timezone.localdate():%Y%m%d}.xlsx"


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet1"


def _disposition(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"


def _filters(query: QueryDict) -> dict:
    """The filter parameters as plain data (for the audit and for the job), empty ones left out."""
    filters: dict[str, Any] = {}
    for key in sorted(query):
        if key in NOT_FILTERS:
            continue
        values = [v for v in query.getlist(key) if v != ""]
        if values:
            filters[key] = values[0] if len(values) == 1 else values
    return filters


def _audit(user, export: ListExport, columns, filters: dict, rows: int, job: Job | None = None):
    audit.record(
        "core.list.exported",
        actor=user,
        obj=job,
        extra={
            "list": export.key.rsplit(".", 1)[-1],
            "title": str(export.title),
            "filters": filters,
            "rows": rows,
            "unmasked": [c.sensitive for c in columns if c.sensitive],
            "background": job is not None,
        },
    )


def _check_definition(export: ListExport) -> None:
    try:
        found = import_string(export.key)
    except ImportError as exc:
        raise ImproperlyConfigured(f"export key {export.key!r} does not import") from exc
    if found is not export:
        raise ImproperlyConfigured(f"export key {export.key!r} names another object")
