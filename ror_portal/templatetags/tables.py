"""The one wrapper of every table of figures (`{% load tables %}`).

On a phone a table wider than the screen scrolls sideways inside it, not the page:
a region named like the table, which keyboard users reach with Tab and scroll with
the arrow keys. The stylesheet shades the edge that has more beyond it.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_block_tag
def table_scroll(content, label):
    return format_html(
        '<div class="table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
        label,
        content,
    )
