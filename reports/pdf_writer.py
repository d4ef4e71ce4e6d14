"""WeasyPrint's part of making a PDF, imported only where a PDF is made (see pdf.py)."""

import mimetypes

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.pdf import PDF_VARIANT, PRINT_ORIGIN, static_file_for


class StaticFilesOnly(URLFetcher):
    def fetch(self, url, headers=None):
        path = static_file_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def write_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=f"{PRINT_ORIGIN}/", url_fetcher=StaticFilesOnly())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
