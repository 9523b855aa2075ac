"""PDF from HTML (WeasyPrint), with the CJK fonts installed on the machine."""

import base64
import logging

# WeasyPrint reports each layout step at INFO; the server's log wants none of them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

# A document never reaches out: everything it shows is in its HTML (images as data: URIs).
_FETCHER = URLFetcher(allowed_protocols={"data"})


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=_FETCHER).write_pdf()


def data_uri(content: bytes, mime: str = "image/jpeg") -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
