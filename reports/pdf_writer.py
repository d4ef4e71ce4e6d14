"""WeasyPrint's part of making a PDF, imported only where a PDF is made (see pdf.py):
archival PDF/A, with nothing fetched but the project's static files."""

import gc
import mimetypes
import os
from functools import lru_cache
from pathlib import Path

from weasyprint import HTML
from weasyprint.layout import inline, leader
from weasyprint.text.fonts import FontConfiguration
from weasyprint.text.line_break import Layout
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.print_files import PRINT_ORIGIN, static_file_for

# PDF/A-2a: archival and accessible (tagged, with its structure), as Uutilsynet
# recommends for documents that must be both archived and universally designed.
PDF_VARIANT = "pdf/a-2a"

# A Fontconfig configuration with no font folder: WeasyPrint then knows only the fonts
# the print stylesheets declare with @font-face (static/fonts/), so text that names
# another family (the charts' SVG names the one matplotlib measured) is set in them too.
# A host font never reaches the PDF: it is the same document on every server.
NO_HOST_FONTS = Path(__file__).with_name("fontconfig-no-host-fonts.conf")


def _leader_as_one_text_box(context, line, containing_block) -> None:
    """WeasyPrint's leader (the contents' dots, ``leader(".")`` in report-print.css),
    with the dots of a line in one text box instead of one box per dot. WeasyPrint
    copies the dot's box for every position on the line and draws each copy as a text
    object of its own: about 7 600 in the demo report's contents, a quarter of the PDF's
    time. The copies stand side by side, each a dot's width after the one before, so one
    box with as many dots, where the first copy stood, is the same row of dots: the
    same glyphs at the same places (the pages compared at 60 and 288 dpi differ only in
    the anti-aliasing of a dot's edge)."""
    leader.handle_leader(context, line, containing_block)
    _index, leader_box = leader.leader_index(line)
    if leader_box is None or len(leader_box.children) < 2:
        return
    dots = leader_box.children
    first = min(dots, key=lambda dot: dot.position_x)
    row = first.copy_with_text(first.text * len(dots))
    row.width = sum(dot.width for dot in dots)
    # The copies share the dot's Pango layout; the row needs its own, with its text.
    # It is made again from its text when the row is drawn (reactivate).
    row.pango_layout = Layout(first.style, first.justification_spacing)
    row.pango_layout.set_text(row.text)
    row.pango_layout.deactivate()
    leader_box.children = (row,)


# Laying out lines is the only caller (WeasyPrint>=66,<71, pyproject.toml);
# tests/reports/test_pdf.py checks the contents' dots are drawn as one row per entry.
inline.handle_leader = _leader_as_one_text_box


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


@lru_cache(maxsize=1)
def _settle_after_first_pdf() -> None:
    """Once for the process, after its first PDF: what is alive then (Django, WeasyPrint,
    the fonts) stays for the process's life, and Python's cycle collector, which runs
    many times while WeasyPrint makes the objects of a PDF, then leaves it out of its
    full passes (gc.freeze). A later PDF takes about 6 % less time, for no more memory
    (docs/performance.md); the garbage is collected first, so only cycles among the
    objects alive at this moment, if they became garbage later, would never be freed."""
    gc.collect()
    gc.freeze()


def write_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=f"{PRINT_ORIGIN}/", url_fetcher=StaticFilesOnly())
    pdf = document.write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, font_config=_font_configuration()
    )
    _settle_after_first_pdf()
    return pdf
