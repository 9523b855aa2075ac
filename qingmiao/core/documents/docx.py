"""Word documents from templates (docxtpl), imported when a document is first written."""

import io
from pathlib import Path


def render_docx(
    template: str | Path,
    context: dict,
    *,
    images: dict[str, tuple[bytes, int]] | None = None,
) -> bytes:
    """The filled document as bytes. `images` maps a context name to (file contents, width in
    millimetres); a name whose contents are empty renders as nothing."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    doc = DocxTemplate(str(template))
    context = dict(context)
    for name, (content, width_mm) in (images or {}).items():
        context[name] = InlineImage(doc, io.BytesIO(content), width=Mm(width_mm)) if content else ""
    doc.render(context, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
