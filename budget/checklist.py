"""The budget's part of the monthly checklist: the accounts month's actuals."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from budget.models import BudgetLine
from budget.selectors import accounts_month
from ror_portal.blocks import FiguresPeriod, Period
from ror_portal.checklist import ChecklistItem, register


@register("budget.actuals", order=10)
def actuals_entered(period: Period) -> ChecklistItem:
    """Every budget line of the accounts month's year has an actual for that month."""
    year, month = accounts_month(period)
    lines = BudgetLine.objects.for_year(year)
    total = lines.count()
    entered = lines.filter(actuals__month=month).distinct().count()
    month_label = FiguresPeriod(year, month, month).label
    if total:
        detail = _("%(entered)s of %(total)s budget lines have actuals for %(month)s.") % {
            "entered": entered,
            "total": total,
            "month": month_label,
        }
    else:
        detail = _("There are no budget lines for %(year)s.") % {"year": year}
    return ChecklistItem(
        label=_("Actuals for %(month)s") % {"month": month_label},
        ok=bool(total) and entered == total,
        detail=detail,
        url=reverse("admin:budget_budgetline_actuals")
        + "?"
        + urlencode({"year": year, "month": month}),
    )
