"""The demo's published report and SOC+ case document, and their drafts, read page by
page as a board member reads the PDF: no table of up to 20 rows on two pages, no sum
row without the rows it sums, no chart apart from its table, no page that ends with a
heading, no running header on the cover, the version and date on every page (a draft:
UTKAST on every page), and only the shipped font, embedded."""

import html
import re
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from fontTools.ttLib import TTFont

from reports.models import Case, MonthlyReport
from reports.rendering import (
    assemble,
    case_document_content,
    case_document_pdf,
    case_print_html,
    report_pdf,
    report_print_html,
)
from ror_portal.formatting import format_date
from tests.reports.printed import (
    ends_with_heading,
    fonts_of,
    footer_of,
    line_of,
    pages_of,
    printed_parts,
    table_pages,
)

pytestmark = pytest.mark.database_independent


@dataclass
class Document:
    html: str  # the print HTML the PDF was made from
    pdf: bytes
    pages: list[list[str]]
    running_header: str
    footer: str  # what every page's footer starts with


_made: dict[str, "Document"] = {}


@pytest.fixture
def demo(db) -> dict[str, Document]:
    """The demo's documents, made once for these tests: the demo loaded (it publishes
    version 1 of the report and of the case document, PDFs by WeasyPrint) and the
    drafts' PDFs made, by the first test that asks; the others read them."""
    if not _made:
        _made.update(_demo_documents())
    return _made


def _demo_documents() -> dict[str, Document]:
    call_command("demo", stdout=StringIO())
    report = MonthlyReport.objects.select_related("meeting").get(month="2024-01-01")
    case = Case.objects.select_related("meeting").get(number="2024/M1-004")
    version, case_version = report.versions.get(), case.document_versions.get()
    assembled = assemble(report)
    content = case_document_content(case=case)[0]
    header = f"{report.meeting.body} – {format_date(report.meeting.date)}"
    documents = {
        "report": (
            report_print_html(report=report, assembled=assembled, version=version),
            version.pdf.read(),
            header,
            _footer(version),
        ),
        "case": (
            case_print_html(case=case, content=content, version=case_version),
            case_version.pdf.read(),
            f"{header} – {case.number}",
            _footer(case_version),
        ),
        "report-draft": (
            report_print_html(report=report, assembled=assembled),
            report_pdf(report=report, assembled=assembled),
            header,
            "UTKAST – ikke publisert",
        ),
        "case-draft": (
            case_print_html(case=case, content=content),
            case_document_pdf(case=case, content=content),
            f"{header} – {case.number}",
            "UTKAST – ikke publisert",
        ),
    }
    return {
        name: Document(html, pdf, pages_of(pdf), running, footer)
        for name, (html, pdf, running, footer) in documents.items()
    }


def _footer(version) -> str:
    day = format_date(timezone.localdate(version.published_at))
    return f"Versjon {version.number} · publisert {day}"


PUBLISHED = ["report", "case"]
ALL = [*PUBLISHED, "report-draft", "case-draft"]


@pytest.mark.parametrize("name", PUBLISHED)
def test_no_table_of_up_to_20_rows_is_on_two_pages(demo, name):
    document = demo[name]
    tables = table_pages(document.html, document.pages)
    assert len(tables) >= 5
    for found in tables:
        if len(found.table.rows) <= 20:
            assert len(found.pages) == 1 and None not in found.pages, (
                found.table.caption or found.table.header,
                found,
            )


@pytest.mark.parametrize("name", PUBLISHED)
def test_no_sum_row_stands_without_the_rows_it_sums(demo, name):
    """Each sum row is printed once, on the page of the last rows it sums: not repeated
    under a part of the table, where it would read as the sum of that part."""
    document = demo[name]
    with_sums = [found for found in table_pages(document.html, document.pages) if found.sums]
    assert with_sums  # the demo's money tables end with their sums
    every_line = [line for page in document.pages for line in page]
    for found in with_sums:
        last_rows = found.rows[-3:]
        assert found.sums == [last_rows[-1]] * len(found.sums) and len(set(last_rows)) == 1, found
        for row in found.table.sums:
            same = sum(
                line_of(row) in map(line_of, other.table.sums)
                for other in table_pages(document.html, document.pages)
            )
            assert every_line.count(line_of(row)) == same, row


def test_the_soc_split_is_whole_on_one_page_with_its_sum(demo):
    """The split the board approves: five municipalities and the sum, on one page."""
    [split] = [
        found
        for found in table_pages(demo["case"].html, demo["case"].pages)
        if found.table.header and found.table.header[0] == "Kommune"
    ]
    assert [row[0] for row in split.table.rows] == [
        "Aukra",
        "Hustadvika",
        "Molde",
        "Rauma",
        "Vestnes",
    ]
    [page] = split.pages
    lines = demo["case"].pages[page - 1]
    header = lines.index(line_of(split.table.header))
    printed = lines[header + 1 : header + 7]
    assert printed == [line_of(row) for row in split.table.rows + split.table.sums]
    assert printed[-1] == "Sum 100,00 % 1 864 000 kr"


def test_every_chart_is_on_the_page_of_its_table(demo):
    document = demo["report"]
    charted = [found for found in table_pages(document.html, document.pages) if found.table.figure]
    assert len(charted) >= 5
    for found in charted:
        assert found.figure is not None and {found.figure} == found.pages, found


def test_the_print_html_has_each_charts_print_drawing_and_not_the_phones(demo):
    """The page carries each chart twice; paper shows only the wide drawing, so the
    PDF's HTML leaves the phones' out (WeasyPrint would parse it for nothing)."""
    document = demo["report"]
    figures = re.findall(r'<figure class="chart">(.*?)</figure>', document.html, re.DOTALL)
    assert len(figures) >= 5
    for figure in figures:
        assert figure.count("<svg") == 1 and 'class="chart__wide"' in figure
    assert "chart__narrow" not in document.html


@pytest.mark.parametrize("name", ALL)
def test_no_page_ends_with_a_heading(demo, name):
    document = demo[name]
    headings = printed_parts(document.html).headings
    assert len(headings) > 10
    ending = {
        number: heading
        for number, page in enumerate(document.pages, 1)
        if (heading := ends_with_heading(page, document.running_header, headings))
    }
    assert ending == {}


@pytest.mark.parametrize("name", ALL)
def test_the_cover_has_no_running_header_and_the_other_pages_have(demo, name):
    document = demo[name]
    cover, *rest = document.pages
    assert not any(line.startswith(document.running_header) for line in cover)
    # the first line: in a draft, with UTKAST at its right
    assert all(page[0].startswith(document.running_header) for page in rest)


@pytest.mark.parametrize("name", ALL)
def test_every_page_says_which_version_and_when_or_that_it_is_a_draft(demo, name):
    document = demo[name]
    assert len(document.pages) > 3
    for number, page in enumerate(document.pages, 1):
        assert footer_of(page) == f"{document.footer} Side {number} av {len(document.pages)}"
    # a draft's mark at the top right of every page, on the running header's line
    marked = [page[0].endswith("UTKAST") for page in document.pages]
    assert marked == [name.endswith("draft")] * len(document.pages)


@pytest.mark.parametrize("name", ALL)
def test_the_pdf_has_only_the_shipped_font_embedded(demo, name):
    """The same document on any host: no host font (DejaVu Sans from Debian) for the
    text, the charts' labels included."""
    fonts = fonts_of(demo[name].pdf)
    assert fonts and all(
        font.startswith("Source-Sans-3") and font.endswith(" embedded") for font in fonts
    ), fonts


def test_the_shipped_font_has_every_character_the_documents_print(demo, settings):
    """No host font to fall back to: a character the font lacks would print as a box."""
    text = "".join(html.unescape(re.sub(r"<[^>]*>", "", d.html)) for d in demo.values())
    for style in ("Regular", "Bold", "Italic", "SemiBold", "BoldItalic"):
        font = TTFont(settings.BASE_DIR / "static" / "fonts" / f"SourceSans3-{style}.ttf")
        covered = font.getBestCmap()
        assert {c for c in set(text) if ord(c) not in covered and not c.isspace()} == set()
