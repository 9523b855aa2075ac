"""The growth record exported as .docx or PDF, built as a background job (a long record with a
photo takes seconds to lay out): the file is served to its starter only, and the export is
audited when the file is written."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.core import jobs

from .documents import growth as documents
from .selectors import growth as selectors

FORMATS = {"docx": "docx", "pdf": "pdf"}


def growth_export_start(*, actor, cadre, fmt: str):
    """Start building the cadre's growth record as `fmt` (docx/pdf). The caller fetched `cadre`
    through the scoped getter (out of scope is a 404 before this)."""
    if not actor.has_perm("supervision.export_records"):
        raise PermissionDenied("supervision.export_records")
    if fmt not in FORMATS:
        raise ValidationError({"format": _("请选择导出为 Word 或 PDF。")})
    title = _("%(name)s成长纪实档案（%(fmt)s）") % {
        "name": cadre.name,
        "fmt": "Word" if fmt == "docx" else "PDF",
    }
    return jobs.job_start(
        actor=actor,
        handler=growth_export_run,
        title=title,
        params={"cadre": cadre.pk, "format": fmt},
    )


@jobs.job_handler
def growth_export_run(job) -> None:
    user = job.actor
    if not user.has_perm("supervision.export_records"):
        raise jobs.JobError(_("您已没有导出成长纪实档案的权限。"))
    try:
        cadre = selectors.record_cadre_get(user, job.params["cadre"])
    except Http404 as exc:
        raise jobs.JobError(_("该干部已不在您的管理范围内。")) from exc
    fmt = job.params["format"]
    job.progress(0, 2, _("正在汇集成长纪实…"))
    content = documents.to_docx(user, cadre) if fmt == "docx" else documents.to_pdf(user, cadre)
    job.progress(1, 2, _("正在生成文件…"))
    with transaction.atomic():
        job.save_result(
            name=_("%(name)s成长纪实档案.%(ext)s") % {"name": cadre.name, "ext": fmt},
            content=content,
        )
        audit.record(
            "supervision.growth_record.exported", actor=user, obj=cadre, changes={"format": fmt}
        )
    job.progress(2, 2, _("已生成"))
