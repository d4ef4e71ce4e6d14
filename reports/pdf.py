"""PDF from the report's print HTML with WeasyPrint: archival PDF/A, and no fetch
of anything but the project's own static files (no network, no local files)."""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The print HTML's base URL. It is never resolved: the fetcher serves it from disk.
PRINT_ORIGIN = "https://ror-portal.invalid"
PDF_VARIANT = "pdf/a-2b"


class RefusedURL(ValueError):
    pass


def static_file_for(url: str) -> Path:
    """The static file a print URL names, or RefusedURL for anything else."""
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != PRINT_ORIGIN or not parts.path.startswith(
        static_prefix
    ):
        raise RefusedURL(f"Only the portal's static files may be fetched, not {url}")
    relative = posixpath.normpath(unquote(parts.path[len(static_prefix) :]))
    if relative.startswith(("..", "/")):
        raise RefusedURL(f"{url} points outside the static files")
    found = finders.find(relative)
    if not found and settings.STATIC_ROOT and staticfiles_storage.exists(relative):
        found = staticfiles_storage.path(relative)
    if not found or not Path(found).is_file():
        raise RefusedURL(f"No static file {relative}")
    return Path(found)


class StaticFilesOnly(URLFetcher):
    def fetch(self, url, headers=None):
        path = static_file_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """Title, author and language come from the HTML's <title>, <meta> and lang."""
    document = HTML(string=html, base_url=f"{PRINT_ORIGIN}/", url_fetcher=StaticFilesOnly())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
