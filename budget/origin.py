"""Where the accounts come from: the accounting system's figures typed in month by month."""

from django.db.models import Max
from django.utils.translation import gettext as _

from budget.accounts import accounts_label
from budget.models import MonthlyActual
from budget.periods import accounts_period, accounts_shown_in
from ror_portal.blocks import Period
from ror_portal.formatting import format_datetime


def accounts_origin(period: Period) -> str:
    """The accounts the report shows, and when their figures were last entered."""
    year, through_month = accounts_shown_in(period.month)
    changed = MonthlyActual.history.filter(line__year=year, month__lte=through_month).aggregate(
        at=Max("history_date")
    )["at"]
    label = accounts_label(accounts_period(year, through_month))
    if changed is None:
        return _("Source: %(accounts)s from the accounting system (no figures entered)") % {
            "accounts": label
        }
    return _("Source: %(accounts)s from the accounting system, entered %(when)s") % {
        "accounts": label,
        "when": format_datetime(changed),
    }
