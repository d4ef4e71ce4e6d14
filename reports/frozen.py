"""Reading a published version back: its sections as plain text, from the stored HTML.

The stored HTML is exactly what the board was given, so what changed between two
versions, and what the archive search finds, come from it and not from today's data.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from reports.integrity import StoredFileChanged, verified_bytes

# Text inside these is not prose: chart drawings, scripts, the "download CSV" links.
_SKIPPED = {"svg", "script", "style"}
_BLOCK_LEVEL = {
    "p", "li", "tr", "dt", "dd", "table", "ul", "ol", "dl", "div", "figure",
    "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip


@dataclass
class FrozenSection:
    anchor: str  # the heading's id: the link target, "seksjon-2-1-2"
    number: str
    title: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class _SectionReader(HTMLParser):
    def __init__(self, with_blocks: bool):
        super().__init__(convert_charrefs=True)
        self._with_blocks = with_blocks
        self.sections: list[FrozenSection] = []
        self._section_depth = 0  # <section> tags open inside the current report section
        self._skipping: str | None = None  # the tag whose content is left out
        self._skip_depth = 0  # how many of that tag are open
        self._in_heading = False
        self._in_number = False
        self._line: list[str] = []

    @property
    def _current(self) -> FrozenSection | None:
        return self.sections[-1] if self.sections and self._section_depth else None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section":
            if "report-section" in (attributes.get("class") or "").split():
                self._flush()
                self._section_depth = 1
                self.sections.append(FrozenSection(anchor="", number="", title=""))
            elif self._section_depth:
                self._section_depth += 1
        elif self._skipping:
            self._skip_depth += tag == self._skipping
        elif tag in _SKIPPED or self._skipped_class(attributes.get("class") or ""):
            self._skipping, self._skip_depth = tag, 1
        elif self._current and not self._current.anchor and tag in _BLOCK_LEVEL and tag[0] == "h":
            self._current.anchor = attributes.get("id") or ""
            self._in_heading = True
        elif (
            self._in_heading
            and tag == "span"
            and "section-number" in (attributes.get("class") or "")
        ):
            self._in_number = True
        elif tag in _BLOCK_LEVEL or tag in ("td", "th", "br"):
            self._flush(separator=tag in ("td", "th"))

    def _skipped_class(self, classes: str) -> bool:
        names = classes.split()
        return "block__download" in names or (not self._with_blocks and "block" in names)

    def handle_endtag(self, tag):
        if tag == "section" and self._section_depth:
            self._section_depth -= 1
            if not self._section_depth:
                self._flush()
        elif self._skipping:
            if tag == self._skipping:
                self._skip_depth -= 1
                if not self._skip_depth:
                    self._skipping = None
        elif self._in_number and tag == "span":
            self._in_number = False
        elif self._in_heading and tag[0] == "h" and tag in _BLOCK_LEVEL:
            self._in_heading = False
            self._current.title = self._current.title.strip()
        elif tag in _BLOCK_LEVEL:
            self._flush()

    def handle_data(self, data):
        current = self._current
        if current is None or self._skipping:
            return
        if self._in_number:
            current.number += data.strip()
        elif self._in_heading:
            current.title += data
        else:
            self._line.append(data)

    def _flush(self, separator: bool = False) -> None:
        if separator and self._line:
            self._line.append(" · ")
            return
        text = " ".join("".join(self._line).split()).strip(" ·")
        if text and self._current is not None:
            self._current.lines.append(text)
        self._line = []


def frozen_sections(html: str, *, with_blocks: bool = True) -> list[FrozenSection]:
    """The sections of a stored report in reading order, each with its text by line;
    ``with_blocks=False`` leaves out the data blocks' tables: only the written text."""
    reader = _SectionReader(with_blocks)
    reader.feed(html)
    reader.close()
    reader._flush()
    return reader.sections


def stored_bytes(version) -> bytes:
    """The HTML a report or case document version stored when it was published,
    checked against its SHA-256 (raises StoredFileChanged if it is not that).

    Kept in the process by its name and SHA-256, and only once checked: a version never
    changes, reading and hashing the file on every page view is most of what serving a
    published version costs, and a file put back after a refusal is read again."""
    key = (version.html.name, version.html_sha256)
    if key not in _stored:
        _stored[key] = verified_bytes(version, "html")
        while len(_stored) > STORED_KEPT:
            del _stored[next(iter(_stored))]  # the oldest first: dicts keep their order
    return _stored[key]


STORED_KEPT = 16  # about 200 kB each: a month's report, its versions and cases
_stored: dict[tuple[str, str], bytes] = {}


def stored_html(version) -> str:
    return stored_bytes(version).decode("utf-8")


def intact_stored_html(version) -> str | None:
    """``stored_html``, or None where the stored file is not what was published: for a
    comparison that must not stop a new version, which is then the remedy."""
    try:
        return stored_html(version)
    except StoredFileChanged:
        return None
