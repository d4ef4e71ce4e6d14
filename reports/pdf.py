"""PDF from the report's print HTML with WeasyPrint: archival PDF/A, and no fetch
of anything but the project's own static files (no network, no local files)."""

import datetime
import hashlib
import importlib.metadata
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

# The print HTML's base URL. It is never resolved: the fetcher serves it from disk.
PRINT_ORIGIN = "https://ror-portal.invalid"
PDF_VARIANT = "pdf/a-2b"
WEASYPRINT_VERSION = importlib.metadata.version("weasyprint")


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


def render_pdf(html: str) -> bytes:
    """The PDF of the print HTML, made once for each HTML: WeasyPrint takes seconds for a
    report, and an unchanged draft previewed again (or published) is the same document.

    The stored PDFs are named by the SHA-256 of the HTML and WeasyPrint's version, in
    the stored files (shared by every server). In production the static files' names
    carry their hash (collectstatic), so a changed stylesheet changes the HTML too."""
    pdf = cached_pdf(html)
    if pdf is not None:
        return pdf
    name = _cache_name(html)
    # WeasyPrint (with Pango, 26 MB) is loaded by the process that makes a PDF, not by
    # every web process and task worker.
    from reports.pdf_writer import write_pdf

    pdf = write_pdf(html)
    _prune_cache()
    if not default_storage.exists(name):  # another worker may have made it meanwhile
        default_storage.save(name, ContentFile(pdf))
    return pdf


PDF_CACHE = "pdf-cache"
PDF_CACHE_DAYS = 14


def cached_pdf(html: str) -> bytes | None:
    """The PDF made before of this print HTML, or None: a draft preview answers at once
    when nothing changed, and has the worker make it otherwise."""
    name = _cache_name(html)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name) as cached:
        pdf = cached.read()
    if not pdf.rstrip().endswith(b"%%EOF"):
        # Cut off: the worker that wrote it was killed. Made again, never served.
        default_storage.delete(name)
        return None
    return pdf


def _cache_name(html: str) -> str:
    key = hashlib.sha256(f"{WEASYPRINT_VERSION}\n{html}".encode()).hexdigest()
    return f"{PDF_CACHE}/{key}.pdf"


def _prune_cache() -> None:
    """Drop PDFs not made for two weeks: drafts change daily, and what is published is
    stored with its version."""
    try:
        names = default_storage.listdir(PDF_CACHE)[1]
    except FileNotFoundError:
        return
    too_old = timezone.now() - datetime.timedelta(days=PDF_CACHE_DAYS)
    for file_name in names:
        name = f"{PDF_CACHE}/{file_name}"
        if default_storage.get_modified_time(name) < too_old:
            default_storage.delete(name)
