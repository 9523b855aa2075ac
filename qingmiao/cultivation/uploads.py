"""What an uploaded report or piece of evidence may be: checked by its content, not its name.

A report is a PDF or a Word document (.docx). The extension must agree with the bytes: a PDF
starts with `%PDF-`; a .docx is an Office Open XML package (a zip holding
`[Content_Types].xml` and `word/document.xml`) whose main part is the plain document type — a
macro-enabled document (.docm, or a .docm renamed .docx) carries `vbaProject.bin` or the
macro-enabled content type and is refused, as is the old binary .doc, whose macros cannot be
told apart without parsing it (users are asked to save it as .docx or PDF). Evidence for a plan
milestone may also be a photo (JPEG or PNG), as cadres take them on a phone.

The page announces the same limits (`LIMITS_TEXT`), the services enforce them.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_DOCUMENT_MB = 20
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1024 * 1024

LIMITS_TEXT = gettext_lazy("PDF 或 Word（.docx）文件，不超过 20 MB。")
EVIDENCE_LIMITS_TEXT = gettext_lazy("PDF、Word（.docx）或照片（JPG、PNG），不超过 20 MB。")

_MACRO_TYPE = "macroEnabled"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _head(upload, n: int = 8) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_plain_docx(upload) -> bool:
    """An Office Open XML word-processing package without macros."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return False
            types = package.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    finally:
        upload.seek(0)
    return _MACRO_TYPE not in types and _DOCX_MAIN in types


def _kind_of(upload) -> str:
    """'pdf', 'docx', 'jpeg', 'png' or '' from the bytes themselves."""
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_plain_docx(upload) else "zip"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return ""


_EXTENSIONS = {"pdf": {"pdf"}, "docx": {"docx"}, "jpeg": {"jpg", "jpeg"}, "png": {"png"}}


def check_document(upload, *, field: str = "file", photos: bool = False) -> None:
    """Refuse, on `field`, anything but a PDF or a plain .docx (and, with `photos`, a JPEG or
    PNG) within the size limit, whose extension matches its content."""
    if upload is None:
        return
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {field: _("文件过大：不能超过 %(mb)s MB。") % {"mb": MAX_DOCUMENT_MB}}
        )
    if upload.size == 0:
        raise ValidationError({field: _("文件是空的，请重新选择。")})
    ext = _extension(upload.name or "")
    if ext == "docm":
        raise ValidationError(
            {field: _("不接受启用宏的 Word 文件（.docm），请另存为 .docx 或 PDF。")}
        )
    kind = _kind_of(upload)
    allowed = {"pdf", "docx", "jpeg", "png"} if photos else {"pdf", "docx"}
    if kind == "zip" and ext in {"docx", "doc"}:
        raise ValidationError(
            {field: _("文件不是有效的 Word 文档，或含有宏，请另存为 .docx 或 PDF 后上传。")}
        )
    if kind == "ole" or ext == "doc":
        raise ValidationError({field: _("不接受旧版 Word 文件（.doc），请另存为 .docx 或 PDF。")})
    if kind not in allowed or ext not in _EXTENSIONS.get(kind, set()):
        if photos:
            message = _(
                "只能上传 PDF、Word（.docx）文件或 JPG、PNG 照片，且扩展名须与文件内容一致。"
            )
        else:
            message = _("只能上传 PDF 或 Word（.docx）文件，且扩展名须与文件内容一致。")
        raise ValidationError({field: message})
