"""The print rules on any table, wherever a page break falls: documents made with the
report's print HTML, the table pushed down a line at a time so that the break falls
before every one of its rows in turn."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from reports.pdf_writer import write_pdf
from reports.rendering import render_print_document
from tests.factories import BoardMeetingFactory
from tests.reports.printed import ends_with_heading, fonts_of, pages_of, table_pages

pytestmark = pytest.mark.database_independent

FILLER = "<p>Linje {n} med tekst som fyller siden.</p>"
# Printed as version 1: a draft's watermark would come out of pdftotext among the lines.
PUBLISHED = SimpleNamespace(number=1, published_at=timezone.now())


def _document(meeting, body: str, *, lines_before: int) -> tuple[str, list[list[str]]]:
    filler = "".join(FILLER.format(n=n) for n in range(lines_before))
    html = render_print_document(
        title="Utskriftsregler",
        meeting=meeting,
        content=f"<article>{filler}{body}</article>",
        version=PUBLISHED,
    )
    return html, pages_of(write_pdf(html))


def _table(rows: int, *, caption: str) -> str:
    body = "".join(
        f'<tr><th scope="row">Rad {n}</th><td class="num">{n * 1000} kr</td></tr>'
        for n in range(1, rows + 1)
    )
    return (
        f"<table><caption>{caption}</caption>"
        '<thead><tr><th scope="col">Post</th><th scope="col" class="num">Beløp</th></tr></thead>'
        f"<tbody>{body}</tbody>"
        f'<tfoot><tr><th scope="row">Sum</th><td class="num">{rows * 1000} kr</td></tr></tfoot>'
        "</table>"
    )


@pytest.fixture
def meeting(db):
    return BoardMeetingFactory()


# One page of the print holds some 45 filler lines: from 30 to 46 lines before it, the
# break falls in each place of a table of 20 rows, and past its end.
PUSHED = range(30, 47, 2)


@pytest.mark.parametrize("lines_before", PUSHED)
def test_a_table_of_20_rows_moves_to_the_next_page_whole_with_its_caption(meeting, lines_before):
    html, pages = _document(meeting, _table(20, caption="Tjue rader"), lines_before=lines_before)
    [found] = table_pages(html, pages)
    assert len(found.pages) == 1 and None not in found.pages, found


@pytest.mark.parametrize("lines_before", PUSHED)
def test_a_long_table_repeats_its_header_and_leaves_three_rows_on_each_side(meeting, lines_before):
    html, pages = _document(meeting, _table(60, caption="Seksti rader"), lines_before=lines_before)
    [found] = table_pages(html, pages)
    on = {page: found.rows.count(page) for page in set(found.rows)}
    assert None not in on and len(on) >= 2, found
    assert min(on.values()) >= 3, on
    for page in on:  # the header on every page the rows are on
        assert "Post Beløp" in pages[page - 1], page
    # the sum once, after the last row, with at least three rows above it on its page
    assert found.sums == [found.rows[-1]] and on[found.rows[-1]] >= 3
    assert sum(line == "Sum 60000 kr" for page in pages for line in page) == 1


@pytest.mark.parametrize("lines_before", range(38, 47))
def test_a_heading_is_never_the_last_line_of_a_page(meeting, lines_before):
    body = "<h2>En overskrift</h2><p>Teksten under overskriften.</p>" + FILLER.format(n="x")
    pages = _document(meeting, body, lines_before=lines_before)[1]
    headings = ["En overskrift"]
    assert [ends_with_heading(page, "", headings) for page in pages] == [None] * len(pages)
    [page] = [page for page in pages if "EN OVERSKRIFT" in page]
    assert page[page.index("EN OVERSKRIFT") + 1] == "Teksten under overskriften."


def test_text_in_a_host_font_is_set_in_the_shipped_font(meeting):
    """A family the stylesheets do not ship (the charts name DejaVu Sans) is not looked
    for on the host: the PDF is the same on every server."""
    html = render_print_document(
        title="Skrift",
        meeting=meeting,
        content="<p style=\"font-family: 'DejaVu Sans', Arial\">Tekst i DejaVu Sans</p>"
        '<svg width="200" height="30"><text x="0" y="20" font-family="DejaVu Sans">'
        "Akse</text></svg>",
        version=PUBLISHED,
    )
    assert fonts_of(write_pdf(html)) == ["Source-Sans-3, embedded"]
