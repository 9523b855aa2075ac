"""Documents offices edit and print, shared by every app that writes one (the growth record,
later the appointment and exchange forms).

- `.docx`: `render_docx(template, context, images=…)` fills a Word template with docxtpl
  (python-docx-template: Jinja2 tags typed into a real .docx, so the layout is Word's own and an
  office can restyle the template in Word without touching code). Tables repeat rows with
  `{%tr for … %}`, paragraphs with `{%p for … %}`; images are passed as file contents and
  placed with `{{ name }}`. Labels come in the context, translated, never typed in the template.
- PDF: `html_to_pdf(html)` lays HTML/CSS out with WeasyPrint (pango, with the Noto CJK fonts the
  set-up installs). It fetches no URL: images go in as `data:` URIs (`data_uri`).
"""

from .docx import render_docx
from .pdf import data_uri, html_to_pdf

__all__ = ["data_uri", "html_to_pdf", "render_docx"]
