"""WeasyPrint's part of making a PDF, imported only where a PDF is made (see pdf.py):
archival PDF/A, with nothing fetched but the project's static files."""

import mimetypes
import os
from functools import lru_cache
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.print_files import PRINT_ORIGIN, static_file_for

PDF_VARIANT = "pdf/a-2b"

# A Fontconfig configuration with no font folder: WeasyPrint then knows only the fonts
# the print stylesheets declare with @font-face (static/fonts/), so text that names
# another family (the charts' SVG names the one matplotlib measured) is set in them too.
# A host font never reaches the PDF: it is the same document on every server.
NO_HOST_FONTS = Path(__file__).with_name("fontconfig-no-host-fonts.conf")


class StaticFilesOnly(URLFetcher):
    def fetch(self, url, headers=None):
        path = static_file_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


@lru_cache(maxsize=1)
def _font_configuration() -> FontConfiguration:
    """One for the process: the fonts of @font-face are read and registered once (by
    their URL, which in production carries the file's hash), not for every PDF."""
    # Fontconfig reads the variable when a configuration is made, and only then; the
    # process's other users of Fontconfig (none in a worker) keep the host's.
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(NO_HOST_FONTS)
    try:
        return FontConfiguration()
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


def write_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=f"{PRINT_ORIGIN}/", url_fetcher=StaticFilesOnly())
    return document.write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, font_config=_font_configuration()
    )
