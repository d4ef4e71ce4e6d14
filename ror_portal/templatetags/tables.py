"""The one wrapper of every table of figures:

    {% load tables %}{% table_scroll %}<table><caption>…</caption>…</table>{% endtable_scroll %}

On a phone a table wider than the screen scrolls sideways inside it, not the page: a
region named by the table's caption, which keyboard users reach with Tab and scroll with
the arrow keys. The stylesheet keeps the first column in view and shades the edge that
has more beyond it.
"""

import html
import re

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)


@register.simple_block_tag
def table_scroll(content):
    caption = CAPTION.search(content)
    if caption is None:
        raise ValueError("A table in a scrolling region needs a caption to name the region.")
    return scroll_region(plain_text(caption.group(1)), content)


def plain_text(markup: str) -> str:
    """A caption's or cell's text as a name: no tags, entities read, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def scroll_region(name: str, table: str) -> SafeString:
    """``table`` (safe HTML) in the scrolling region named ``name``."""
    return format_html(
        '<div class="table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
        name,
        mark_safe(table),  # noqa: S308 - the caller's template or sanitised markup
    )
