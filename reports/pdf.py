"""PDF from a print HTML, made once for each: the cache of the PDFs WeasyPrint made.

WeasyPrint itself is in reports.pdf_writer (archival PDF/A), which fetches nothing but
the project's own static files (reports.print_files); it is imported only where a PDF
is made, and imports nothing from here."""

import datetime
import hashlib
import importlib.metadata

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

WEASYPRINT_VERSION = importlib.metadata.version("weasyprint")


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
