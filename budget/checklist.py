"""The budget's part of the monthly checklist: the accounts month's actuals."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from budget.models import BudgetLine
from budget.periods import accounts_shown_in
from ror_portal.blocks import FiguresPeriod, Period
from ror_portal.checklist import ChecklistItem, register


@dataclass(frozen=True)
class YearStart:
    """How a year without budget lines is started: what to do, and the page to do it on."""

    text: str
    link: str
    url: str


def year_start(year: int) -> YearStart:
    """From the year before's lines, copied with the list's action (the list filtered to
    that year explains it); from an empty form when there are none."""
    if BudgetLine.objects.for_year(year - 1).exists():
        return YearStart(
            text=_(
                "There are no budget lines for %(year)s: copy those of %(last_year)s with "
                "the action “Copy the chosen lines to the next year”."
            )
            % {"year": year, "last_year": year - 1},
            link=_("The budget lines of %(year)s") % {"year": year - 1},
            url=reverse("admin:budget_budgetline_changelist") + "?" + urlencode({"year": year - 1}),
        )
    return YearStart(
        text=_("There are no budget lines for %(year)s, nor for the year before.") % {"year": year},
        link=_("Add a budget line"),
        url=reverse("admin:budget_budgetline_add"),
    )


@register("budget.actuals", order=10)
def actuals_entered(period: Period) -> ChecklistItem:
    """Every budget line of the accounts month's year has an actual for that month, most
    often from the ledger file (budget.ledger)."""
    year, month = accounts_shown_in(period.month)
    lines = BudgetLine.objects.for_year(year)
    total = lines.count()
    entered = lines.filter(actuals__month=month).distinct().count()
    month_label = FiguresPeriod(year, month, month).label
    # The month's accounts start with the ledger file; its page links to typing them.
    url = reverse("admin:budget_ledgerimport_upload")
    if not total:
        start = year_start(year)
        detail, url = start.text, start.url
    elif entered < total:
        detail = _("Missing actuals for: %(missing)s of %(total)s lines.") % {
            "missing": total - entered,
            "total": total,
        }
    else:
        detail = _("%(entered)s of %(total)s budget lines have actuals for %(month)s.") % {
            "entered": entered,
            "total": total,
            "month": month_label,
        }
    return ChecklistItem(
        label=_("Actuals for %(month)s") % {"month": month_label},
        ok=bool(total) and entered == total,
        detail=detail,
        url=url,
    )
