"""Reading a PDF back page by page, as a board member does, and finding the print HTML's
tables, figures and headings on its pages: pdftotext per page (-layout keeps a table
row on one line), matched in document order against the HTML the PDF was made from."""

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.tools import require


def pages_of(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text, runs of spaces made one, blank lines left out."""
    pdftotext = require("pdftotext", "apt-get install poppler-utils")
    pdfinfo = require("pdfinfo", "apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        info = subprocess.run([pdfinfo, path], capture_output=True, text=True, check=True).stdout
        count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        pages = []
        for number in range(1, count + 1):
            page = ["-f", f"{number}", "-l", f"{number}"]
            text = subprocess.run(
                [pdftotext, "-layout", "-enc", "UTF-8", *page, path, "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            pages.append([norm(line) for line in text.splitlines() if line.strip()])
        return pages


def document_text(path: Path) -> str:
    """The whole PDF's text in reading order, every run of white space (no-break spaces
    too) one space: for finding words in a downloaded file."""
    pdftotext = require("pdftotext", "apt-get install poppler-utils")
    result = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return norm(result.stdout.decode("utf-8"))


def fonts_of(pdf: bytes) -> list[str]:
    """The fonts pdffonts lists (subset prefix "ABCDEF+" left off), with whether each
    is embedded."""
    pdffonts = require("pdffonts", "apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        output = subprocess.run([pdffonts, path], capture_output=True, text=True, check=True)
    rows = output.stdout.splitlines()[2:]  # under the header and its rule
    return [
        row.split()[0].split("+", 1)[-1] + (" embedded" if " yes " in row else "") for row in rows
    ]


def norm(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Table:
    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # the body's rows, cell texts
    sums: list[list[str]] = field(default_factory=list)  # tfoot's rows
    figure: str = ""  # the caption of the chart right before it, if any


@dataclass
class Printed:
    tables: list[Table] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Tables (caption, header, rows, sums, the chart before them) and headings, in the
    order they are printed. SVG text (a chart's labels) is not read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.printed = Printed()
        self._table: Table | None = None
        self._part = ""  # thead, tbody, tfoot
        self._row: list[str] | None = None
        self._text: list[str] | None = None  # the text being gathered
        self._into = ""  # what the text is for: cell, caption, heading, figcaption
        self._svg = 0
        self._figure = ""  # the last chart's caption, until something else comes
        self._toc = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "svg":
            self._svg += 1
        elif tag == "nav" and "toc" in classes:
            self._toc = True
        elif tag == "table":
            self._table = Table(figure=self._figure)
            self._figure = ""
        elif tag in ("thead", "tbody", "tfoot"):
            self._part = tag
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._start("cell")
        elif tag == "caption":
            self._start("caption")
        elif tag == "figcaption":
            self._start("figcaption")
        elif re.fullmatch(r"h[1-6]", tag) and not self._toc:
            self._figure = ""
            self._start("heading")

    def _start(self, what):
        self._text, self._into = [], what

    def handle_data(self, data):
        if self._text is not None and not self._svg:
            self._text.append(data)

    def handle_endtag(self, tag):
        text = norm("".join(self._text)) if self._text is not None else ""
        if tag == "svg":
            self._svg -= 1
        elif tag == "nav":
            self._toc = False
        elif tag in ("td", "th") and self._into == "cell":
            self._row.append(text)
            self._text, self._into = None, ""
        elif tag == "tr" and self._row is not None:
            target = {"thead": None, "tbody": self._table.rows, "tfoot": self._table.sums}
            if self._part == "thead":
                self._table.header = self._row
            else:
                target[self._part].append(self._row)
            self._row = None
        elif tag == "caption" and self._into == "caption":
            self._table.caption = text
            self._text, self._into = None, ""
        elif tag == "figcaption" and self._into == "figcaption":
            self._figure = text
            self._text, self._into = None, ""
        elif re.fullmatch(r"h[1-6]", tag) and self._into == "heading":
            self.printed.headings.append(text)
            self._text, self._into = None, ""
        elif tag == "table":
            self.printed.tables.append(self._table)
            self._table, self._part = None, ""


def printed_parts(html: str) -> Printed:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.printed


def line_of(cells: list[str]) -> str:
    """A row as pdftotext -layout prints it on one line: its cells with spaces between
    (a cell that wraps continues on the lines below; the first line has the rest)."""
    return norm(" ".join(c for c in cells if c))


class Finder:
    """Finds lines on the pages in reading order: each search goes on from where the
    last one matched, so a row is found in its own table and not in an earlier one."""

    def __init__(self, pages: list[list[str]]):
        self.pages = pages
        self.page, self.line = 0, 0

    def find(self, wanted: str, *, prefix: bool = False) -> int | None:
        """The page (counted from 1) of the next line that is ``wanted`` (or starts
        with it), or None; a line of a cell that wrapped is found by its start."""
        for page in range(self.page, len(self.pages)):
            start = self.line if page == self.page else 0
            for index in range(start, len(self.pages[page])):
                line, target = self.pages[page][index].casefold(), wanted.casefold()
                starts = line.startswith(target) if prefix else _wrapped(line, target)
                if line == target or starts:
                    self.page, self.line = page, index + 1
                    return page + 1
        return None

    def row(self, cells: list[str]) -> int | None:
        """The page of a table row: its whole line, or where cells wrapped, the line
        that starts with the first cell's first word and ends with its last cell (the
        first line of a row has the first line of every cell)."""
        whole = line_of(cells)
        saved = self.page, self.line
        found = self.find(whole)
        if found is not None:
            return found
        self.page, self.line = saved
        first = cells[0].split()[0] if cells[0] else ""
        last = next((c for c in reversed(cells) if c), "").split()[-1]
        for page in range(self.page, len(self.pages)):
            start = self.line if page == self.page else 0
            for index in range(start, len(self.pages[page])):
                line = self.pages[page][index]
                if line.startswith(first) and line.endswith(last):
                    self.page, self.line = page, index + 1
                    return page + 1
        return None


def _wrapped(line: str, target: str) -> bool:
    """The line is the start of a long ``target`` that wrapped: 25 characters or more."""
    return len(target) > 40 and len(line) >= 25 and target.startswith(line)


@dataclass
class TablePages:
    table: Table
    caption: int | None
    header: int | None
    rows: list[int | None]
    sums: list[int | None]
    figure: int | None

    @property
    def pages(self) -> set[int | None]:
        """Every page any part of the table is printed on (None: a part not found)."""
        return {self.header, *self.rows, *self.sums} | (
            {self.caption} if self.table.caption else set()
        )


def table_pages(html: str, pdf_pages: list[list[str]]) -> list[TablePages]:
    """Where each table of the print HTML is printed: the page of its header, of each
    row and of each sum row, and of the chart before it."""
    found = []
    finder = Finder(pdf_pages)
    for table in printed_parts(html).tables:
        figure = finder.find(table.figure[:60], prefix=True) if table.figure else None
        caption = finder.find(table.caption[:60], prefix=True) if table.caption else None
        header = finder.row(table.header) if table.header else None
        rows = [finder.row(row) for row in table.rows]
        sums = [finder.row(row) for row in table.sums]
        found.append(TablePages(table, caption, header, rows, sums, figure))
    return found


FOOTER = re.compile(r"Side \d+ av \d+$")


def content_of(page: list[str], running_header: str) -> list[str]:
    """A page's lines without its running header (its first line; in a draft, with
    UTKAST after it), its footer (the line that ends with "Side N av M") and a draft's
    watermark (its letters, drawn at a slant, come out one a line)."""
    return [
        line
        for line in page
        if not FOOTER.search(line)
        and not (running_header and line.startswith(running_header))
        and not (len(line) == 1 and line in "UTKAST")
    ]


def footer_of(page: list[str]) -> str:
    return next(line for line in page if FOOTER.search(line))


def ends_with_heading(page: list[str], running_header: str, headings: list[str]) -> str | None:
    """The heading that is the last line of the page's content (or the first line of a
    heading that wrapped), or None."""
    lines = content_of(page, running_header)
    last = lines[-1].casefold() if lines else ""
    for heading in headings:
        if last == heading.casefold() or (len(last) >= 10 and heading.casefold().startswith(last)):
            return heading
    return None
