"""What a make-up's evidence file may be: a PDF or a photo, at most 10 MB, checked by its first
bytes as well as its name (a renamed file is refused)."""

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def check_evidence(upload) -> str:
    """'' when the file is acceptable, else the reason in the user's language."""
    name = (getattr(upload, "name", "") or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in SIGNATURES:
        return _("补学材料须为 PDF 或 JPG、PNG 图片。")
    if upload.size > MAX_BYTES:
        return _("补学材料不能超过 10 MB。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[extension]):
        return _("文件内容与类型不符，请上传真实的 PDF 或图片。")
    return ""
