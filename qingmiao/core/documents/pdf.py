"""PDF from HTML (WeasyPrint), with the CJK fonts installed on the machine.

WeasyPrint is imported when a PDF is first written, not with the URL configuration: it takes
seconds to load its fonts and stylesheets, which no page but an export should wait for."""

import base64
import logging


def html_to_pdf(html: str) -> bytes:
    # WeasyPrint reports each layout step at INFO; the server's log wants none of them.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # A document never reaches out: everything it shows is in its HTML (images as data: URIs).
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def data_uri(content: bytes, mime: str = "image/jpeg") -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
