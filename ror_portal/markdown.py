"""Narrative text: Markdown written by administrators, sanitised before it is shown.

Lists, tables, emphasis and links survive; scripts, styles, event handlers and
images do not (an image would make the browser or WeasyPrint fetch a URL).
"""

import functools
import re
from collections.abc import Callable, Iterator

import markdown as markdown_lib
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.preprocessors import Preprocessor

from ror_portal.formatting import format_number
from ror_portal.templatetags.tables import plain_text, scroll_region

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}


# A list item: its indentation, its marker (-, *, + or 1.) and the spaces after it.
LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +)(?=\S)")
INDENT = 4  # what python-markdown needs to nest

# The bounds of one text (issue 26): the demo's longest text is 2 905 characters (the
# SOC+ agreement's scope), a section's at most 2 625; 20 000 is about seven times that.
# Ten levels of lists and quotes are more than any board text needs, and far below the
# depth at which python-markdown's parser, which recurses per level, runs out of stack.
MAX_LENGTH = 20_000
MAX_DEPTH = 10

# What opens a level at the start of a line: a quote marker, or a list marker and a
# space. "- > 1. x" opens three, one inside the other.
OPENER = re.compile(r">|(?:[-*+]|\d{1,9}[.)])(?= )")
SPACES = re.compile(r" *")


def _after_spaces(text: str, position: int) -> int:
    match = SPACES.match(text, position)  # " *" always matches
    return match.end() if match else position


def _openers(content: str, room: int | None = None) -> tuple[str, int]:
    """The levels a line opens after its list indentation, and the line with those
    beyond ``room`` made text (a backslash before the first opener too many). Inside a
    quote every 4 spaces more nest a level too: python-markdown reads a quote's lines
    as a text of their own, which ``_levels`` does not re-indent."""
    depth = 0
    position = _after_spaces(content, 0)
    quoted = False
    while True:
        if quoted:
            spaces = _after_spaces(content, position) - position
            nested = max(spaces - 1, 0) // INDENT  # the space after ">" is the marker's
            if room is not None and depth + nested > room:
                nested = room - depth
                kept = 1 + INDENT * nested
                content = content[:position] + " " * kept + content[position + spaces :]
                spaces = kept
            depth += nested
            position += spaces
        opener = OPENER.match(content, position)
        if not opener:
            return content, depth
        if room is not None and depth >= room:
            return content[:position] + _escaped_opener(content[position:]), depth
        depth += 1
        quoted = opener.group() == ">"
        position = opener.end() if quoted else _after_spaces(content, opener.end())


def _levels(lines: list[str]) -> Iterator[tuple[str, int]]:
    """Each line as python-markdown is given it, and the depth of lists and quotes the
    text asked for there. Lines are indented the way people type them, and CommonMark
    reads them: an item indented to the text of the item above (2 spaces after "- ", 3
    after "1. ") is nested in it. python-markdown nests at 4 spaces only, and would
    flatten those lists, so each item and its continuation lines are re-indented to 4
    per level. Deeper than ``MAX_DEPTH`` the levels are flattened: an item deeper than
    that is put at the deepest level, and an opener beyond it is escaped to plain text,
    so no text, however saved, makes the parser recurse further."""
    # The text columns of the open items, outermost first.
    columns: list[int] = []
    previous_blank = True
    for line in lines:
        if not line.strip():
            previous_blank = True
            yield line, 0
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = LIST_ITEM.match(line)
        lazy = not item and not indent and not previous_blank
        previous_blank = False
        if not lazy:
            while columns and indent < columns[-1]:
                columns.pop()
        content = line[indent:]
        if item or (columns and not lazy):
            outer = len(columns)  # the items the line is in (for an item: above it)
            # Capped: an item at the deepest level at most, text within that item.
            level = min(outer, MAX_DEPTH - 1 if item else MAX_DEPTH)
            prefix = " " * (INDENT * level + (0 if item else indent - columns[-1]))
            if item:
                columns.append(indent + len(item[2]) + len(item[3]))
        else:  # outside any list, or a lazy continuation of the paragraph above
            outer = level = 0
            prefix = line[:indent]
        # the levels the line opens itself (an item's own marker the first of them)
        _content, opened = _openers(content)
        if level + opened > MAX_DEPTH:
            content, _opened = _openers(content, room=MAX_DEPTH - level)
        yield prefix + content, outer + opened


def _escaped_opener(text: str) -> str:
    """ "> x" → "\\> x", "- x" → "\\- x", "12. x" → "12\\. x"."""
    number = re.match(r"\d+", text)
    if number:
        return text[: number.end()] + "\\" + text[number.end() :]
    return "\\" + text


def nest_list_items(lines: list[str]) -> list[str]:
    """The lines as python-markdown should read them (see ``_levels``)."""
    return [line for line, _depth in _levels(lines)]


def _lines(text: str) -> list[str]:
    # as python-markdown normalises them before its preprocessors
    return text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(INDENT).split("\n")


def nesting_depth(text: str) -> int:
    """The deepest nesting of lists and quotes in the text: "- a\n  - b" is 2."""
    return max((depth for _line, depth in _levels(_lines(text))), default=0)


def validate_markdown(text: str) -> None:
    """The bounds of a Markdown field, said in words (a model field's validator)."""
    errors = []
    if len(text) > MAX_LENGTH:
        errors.append(
            ValidationError(
                _("The text is too long: %(length)s characters, at most %(limit)s.")
                % {"length": format_number(len(text)), "limit": format_number(MAX_LENGTH)},
                code="markdown_length",
            )
        )
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        errors.append(
            ValidationError(
                _("The lists are nested too deep: %(depth)s levels, at most %(limit)s.")
                % {"depth": depth, "limit": MAX_DEPTH},
                code="markdown_depth",
            )
        )
    if errors:
        raise ValidationError(errors)


class _NestedLists(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return nest_list_items(lines)


class NestedLists(Extension):
    def extendMarkdown(self, md) -> None:  # python-markdown names it
        # After the whitespace is normalised (tabs expanded), before anything else.
        md.preprocessors.register(_NestedLists(md), "nested_lists", 25)


class _ScanBudget:
    """Characters the link patterns may still read in one text."""

    def __init__(self, characters: int) -> None:
        self.left = characters


def _bounded(scan: Callable, budget: _ScanBudget, position: int) -> Callable:
    """A link pattern's scan (``getText`` for the [text], ``getLink`` for the (address))
    that reads no further than the budget left, and pays for what it read."""

    def bounded_scan(data: str, index: int):
        if budget.left <= 0:
            return (*scan("", 0)[:-1], False)  # not a link
        if index + budget.left < len(data):
            data = data[: index + budget.left]
        result = scan(data, index)
        budget.left -= max(result[position] - index, 0) + 1
        return result

    return bounded_scan


class BoundedLinks(Extension):
    """python-markdown reads a link's [text] and (address) by walking the characters
    from every "[" until the brackets balance, to the end of the paragraph when they
    never do: "[" × 20 000 is 200 million steps (issue 26: 30 s, a killed worker).
    Here the walks of one text share a budget proportional to its length, so rendering
    stays linear. An ordinary text uses a fraction of it (each link is read once or
    twice); a hostile one loses its links, shown as the text it is, when it runs out."""

    PER_CHARACTER = 10
    AT_LEAST = 10_000

    def __init__(self, length: int) -> None:
        super().__init__()
        self.budget = _ScanBudget(self.PER_CHARACTER * length + self.AT_LEAST)

    def extendMarkdown(self, md) -> None:  # python-markdown names it
        for pattern in md.inlinePatterns:
            if isinstance(pattern, LinkInlineProcessor):
                # getText answers (text, end, found), getLink (href, title, end, found)
                pattern.getText = _bounded(pattern.getText, self.budget, 1)  # type: ignore[method-assign]
                pattern.getLink = _bounded(pattern.getLink, self.budget, 2)  # type: ignore[method-assign]


# A "<" that starts a tag that never closes before the next "<": Python's HTML parser,
# which python-markdown reads raw HTML with, tries each such start to the end of the
# text ("<a" × 20 000 took 0.6 s, × 40 000 1.8 s). As "&lt;" it is only text, which it is.
UNCLOSED_TAG = re.compile(r"<(?=[A-Za-z/!?][^<>]*(?:<|\Z))")


def _pieces(text: str) -> Iterator[str]:
    """The text in pieces of at most ``MAX_LENGTH`` characters, cut at a blank line where
    there is one. python-markdown rebuilds a paragraph's string for every emphasis, entity
    or link it finds, so its time grows with the square of a piece: bounded pieces keep
    a text saved before the limit (or longer through a copy) linear. A text within the
    limit is one piece, rendered exactly as typed."""
    start = 0
    while len(text) - start > MAX_LENGTH:
        end = start + MAX_LENGTH
        cut = text.rfind("\n\n", start, end)
        if cut <= start:
            cut = text.rfind("\n", start, end)
        if cut <= start:
            cut = end
        yield text[start:cut]
        start = cut
    yield text[start:]


def _piece_html(text: str) -> str:
    try:
        return markdown_lib.markdown(
            text, extensions=["tables", "sane_lists", NestedLists(), BoundedLinks(len(text))]
        )
    except RecursionError:
        # The levels are capped before parsing (_levels); should some construct still
        # nest beyond the stack, the reader gets the text as plain paragraphs, not a 500.
        return "".join(f"<p>{escape(part)}</p>" for part in re.split(r"\n\s*\n", text))


def markdown_html(text: str) -> str:
    """The Markdown as HTML before sanitising: what the administrator asked for."""
    text = UNCLOSED_TAG.sub("&lt;", text or "")
    return "\n".join(_piece_html(piece) for piece in _pieces(text))


TABLE = re.compile(r"<table>.*?</table>", re.S)
FIRST_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)


def _in_region(match: re.Match) -> str:
    """A typed table scrolls in its own region like the portal's tables
    (ror_portal.templatetags.tables); it has no caption, so its columns name it."""
    table = match.group(0)
    row = FIRST_ROW.search(table)
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.group(1), re.S) if row else []
    columns = ", ".join(plain_text(cell) for cell in cells)
    return scroll_region(_("Table: %(columns)s") % {"columns": columns}, table)


def render_markdown(text: str) -> SafeString:
    """The text as safe HTML. Rendered once per text and language in each process:
    reader pages (the meeting page, the report) ask for the same texts on every
    request."""
    return _rendered(text or "", get_language())


@functools.lru_cache(maxsize=256)
def _rendered(text: str, language: str | None) -> SafeString:
    clean = nh3.clean(
        markdown_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(TABLE.sub(_in_region, clean))  # noqa: S308 - nh3 removed what is unsafe
