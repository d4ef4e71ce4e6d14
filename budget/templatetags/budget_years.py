"""The budget list's and the actuals page's way into a new year: copying last year's lines."""

from django import template

from budget.checklist import year_start
from budget.models import BudgetLine

register = template.Library()


@register.simple_tag
def year_to_copy_into(year: str | None) -> int | None:
    """The year after the list's year, when that year has lines and the next has none:
    the list then says how to copy them."""
    if not (year and year.isdigit()):
        return None
    lines = BudgetLine.objects.for_year
    if not lines(int(year)).exists() or lines(int(year) + 1).exists():
        return None
    return int(year) + 1


register.simple_tag(year_start)
