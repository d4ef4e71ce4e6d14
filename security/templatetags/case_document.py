"""The case document's texts with the computed tables where the text asks for them.

An administrator writes a section's text in Markdown and puts a line of its own,
``[[costs]]``, ``[[split]]``, ``[[price_tiers]]`` or ``[[what_if]]``, where a table
goes; the table is made from the agreement's figures, never typed into the text.
A table the section must show and its text does not place comes at the section's
end, so that no text (one written before the placeholders, say) loses a figure.
"""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from ror_portal.markdown import render_markdown

register = template.Library()

TABLES = {
    "costs": "security/includes/year_cost.html",
    "split": "security/includes/split.html",
    "price_tiers": "security/includes/price_tiers.html",
    "what_if": "security/includes/what_if.html",
}
# A placeholder alone on its line; any other [[…]] stays text, for the reader to see.
PLACEHOLDER = re.compile(rf"^[ \t]*\[\[({'|'.join(TABLES)})\]\][ \t]*$", re.MULTILINE)


@register.simple_tag(takes_context=True)
def case_text(context, text: str, year=None, tables: str = "") -> SafeString:
    """``text`` as Markdown with each placeholder's table for ``year`` (a YearCost),
    and after it those of ``tables`` (names, space-separated) it did not place."""
    # A browser sends a textarea's line breaks as CR LF, which the admin saves as they
    # came: a placeholder's line must end at either. re.split with one group
    # alternates: text, table name, text, … , text.
    parts = PLACEHOLDER.split((text or "").replace("\r\n", "\n").replace("\r", "\n"))
    texts, placed = parts[::2], parts[1::2]
    missing = [name for name in tables.split() if name not in placed]
    engine = context.template.engine
    html = []
    with context.push(year=year):
        for index, part in enumerate(texts):
            html.append(render_markdown(part))
            if index < len(placed):
                html.append(engine.get_template(TABLES[placed[index]]).render(context))
        html += [engine.get_template(TABLES[name]).render(context) for name in missing]
    return mark_safe("".join(html))  # noqa: S308 - sanitised Markdown and our own templates
