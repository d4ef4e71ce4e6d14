"""What a public edition leaves out (offentleglova): the parts of a document withheld
from the public and the passages of its texts, each with its legal basis.

The board's edition is rendered with nothing withheld; the public edition with what the
markings say (publicaccess.marking). Both come from the same templates and code: a
withheld part is never rendered, so nothing of it reaches the public HTML, its PDF, its
figures or the search. In its place the reader sees one line that names the basis,
«Unntatt offentlighet, offl. § 24 tredje ledd» (offl. § 31: a refusal names its basis).

A part is named by a key: "section:12" (a report's section, whole), "section:12:text",
"section:12:block", "section:12:after" (its text, data block, text after the block),
"case:5" (a case, whole), "case:5:proposal", "case:5:decision", "case:5:document:4"
(part 4 of its case document) and "attachment:9".
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


def unix_lines(text: str) -> str:
    """A text with a browser's CR LF (or CR) line breaks as LF: a passage copied from a
    text field is then found in the text as saved, whichever way each came."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def withheld_text(basis: str) -> str:
    """«Unntatt offentlighet, offl. § 24 tredje ledd»."""
    return _("Withheld from public access, %(basis)s") % {"basis": basis}


def withheld_line(basis: str) -> SafeString:
    """The line a withheld part leaves, as HTML."""
    return format_html('<p class="withheld">{}</p>', withheld_text(basis))


def missing_passages_message(passages: list[str]) -> str:
    """Why a public edition cannot be made: a passage marked as withheld is no longer
    in its text, and showing the changed text could show what was to be withheld."""
    return _(
        "These passages are marked as withheld from public access but are no longer in "
        "their texts: %(passages)s. Mark what is to be withheld in the changed text again."
    ) % {"passages": "; ".join(f"«{passage[:80]}»" for passage in passages)}


@dataclass(frozen=True)
class Withheld:
    """The parts withheld (key → legal basis) and the passages of texts (key → the
    passages, each with its basis). Empty: the board's edition."""

    parts: Mapping[str, str] = field(default_factory=dict)
    passages: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.parts or self.passages)

    def basis(self, key: str) -> str | None:
        """The basis ``key`` is withheld on, or None: shown."""
        return self.parts.get(key)

    def within(self, prefix: str) -> "Withheld":
        """The parts under ``prefix``, named without it: a case document's template
        asks for its part "4", not "case:5:document:4"."""
        start = f"{prefix}:"
        return Withheld(
            parts={k.removeprefix(start): v for k, v in self.parts.items() if k.startswith(start)},
        )

    def text(self, key: str, markdown: str) -> "PublicText":
        """A Markdown text of part ``key`` with its withheld passages taken out, each
        replaced by a placeholder paragraph that ``PublicText.restore`` makes the line.
        A passage no longer in the text is reported, never shown: the text changed
        since it was marked, and the marking must be made again."""
        if key not in self.passages:
            return PublicText(markdown or "", {}, [])
        text = unix_lines(markdown)
        lines: dict[str, str] = {}
        missing: list[str] = []
        for index, (passage, basis) in enumerate(self.passages.get(key, ())):
            wanted = unix_lines(passage).strip()
            if not wanted or wanted not in text:
                missing.append(wanted)
                continue
            placeholder = f"WITHHELDPASSAGE{index}X"
            text = text.replace(wanted, f"\n\n{placeholder}\n\n")
            lines[placeholder] = basis
        return PublicText(text, lines, missing)


NOTHING = Withheld()


@dataclass(frozen=True)
class PublicText:
    markdown: str
    lines: Mapping[str, str]  # placeholder → basis
    missing: list[str]

    def restore(self, html: str) -> SafeString:
        """The rendered text with each placeholder made the withheld line."""
        for placeholder, basis in self.lines.items():
            html = html.replace(f"<p>{placeholder}</p>", withheld_line(basis))
            html = html.replace(placeholder, escape(withheld_text(basis)))
        return SafeString(html)
