"""Narrative text: Markdown written by administrators, sanitised before it is shown.

Lists, tables, emphasis and links survive; scripts, styles, event handlers and
images do not (an image would make the browser or WeasyPrint fetch a URL).
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}


def markdown_html(text: str) -> str:
    """The Markdown as HTML before sanitising: what the administrator asked for."""
    return markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])


def render_markdown(text: str) -> SafeString:
    html = markdown_html(text)
    return mark_safe(  # noqa: S308 - nh3 has just removed everything unsafe
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )
