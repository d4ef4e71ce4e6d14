"""Narrative text: Markdown written by administrators, sanitised before it is shown.

Lists, tables, emphasis and links survive; scripts, styles, event handlers and
images do not (an image would make the browser or WeasyPrint fetch a URL).
"""

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

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


def nest_list_items(lines: list[str]) -> list[str]:
    """Lists indented the way people type them, and CommonMark reads them: an item
    indented to the text of the item above (2 spaces after "- ", 3 after "1. ") is
    nested in it. python-markdown nests at 4 spaces only, and would flatten those
    lists, so each item and its continuation lines are re-indented to 4 per level."""
    out: list[str] = []
    # The text columns of the open items, outermost first.
    columns: list[int] = []
    previous_blank = True
    for line in lines:
        if not line.strip():
            out.append(line)
            previous_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = LIST_ITEM.match(line)
        if not item and not indent and not previous_blank:
            out.append(line)  # a lazy continuation of the paragraph above
            previous_blank = False
            continue
        while columns and indent < columns[-1]:
            columns.pop()
        depth = len(columns)
        if item:
            out.append(" " * (INDENT * depth) + line[indent:])
            columns.append(indent + len(item[2]) + len(item[3]))
        elif columns:
            out.append(" " * (INDENT * depth + indent - columns[-1]) + line[indent:])
        else:
            out.append(line)
        previous_blank = False
    return out


class _NestedLists(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return nest_list_items(lines)


class NestedLists(Extension):
    def extendMarkdown(self, md) -> None:  # python-markdown names it
        # After the whitespace is normalised (tabs expanded), before anything else.
        md.preprocessors.register(_NestedLists(md), "nested_lists", 25)


def markdown_html(text: str) -> str:
    """The Markdown as HTML before sanitising: what the administrator asked for."""
    return markdown_lib.markdown(text or "", extensions=["tables", "sane_lists", NestedLists()])


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
    clean = nh3.clean(
        markdown_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(TABLE.sub(_in_region, clean))  # noqa: S308 - nh3 removed what is unsafe
