"""Template filters for figures; loaded as builtins in every template."""

from django import template

from ror_portal import formatting
from ror_portal.markdown import render_markdown

register = template.Library()


@register.filter
def number(value, decimals=0):
    return formatting.format_number(value, int(decimals))


@register.filter
def money(value, decimals=0):
    return formatting.format_money(value, int(decimals))


@register.filter
def percent(value, decimals=2):
    return formatting.format_percent(value, int(decimals))


@register.filter
def millions(value):
    """Millions of kroner, always by the one rule of format_millions (no decimals argument)."""
    return formatting.format_millions(value)


@register.filter
def nbdate(value):
    return formatting.format_date(value)


@register.filter
def month_label(value):
    """ "februar 2024"; nothing for no month, so ``|default`` can say so."""
    return formatting.month_label(value) if value else ""


@register.filter
def markdown(value):
    """Administrators' Markdown, sanitised (ror_portal.markdown)."""
    return render_markdown(value)


@register.filter
def figure(value, unit=""):
    return formatting.format_figure(value, unit)


@register.filter
def change(value, unit=""):
    return formatting.format_change(value, unit)


@register.filter
def stored_cell(value):
    """A cell of a published version's stored figures."""
    return formatting.format_stored_cell(value)
