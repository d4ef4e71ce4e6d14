"""The support desk's part of the monthly checklist: tickets imported up to *tall per*."""

import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from ror_portal.blocks import Period
from ror_portal.checklist import ChecklistItem, register
from ror_portal.dates import day_in_norway, last_working_day_before
from ror_portal.formatting import format_date
from support.models import Ticket


def newest_activity() -> datetime.date | None:
    """The day of the newest thing the imported tickets record (a ticket created or
    resolved), in Norwegian time: how far the exports imported reach. Two queries, each
    read from its index's end, so it costs the same for 300 000 tickets as for 3."""
    moments = [Ticket.objects.aggregate(at=Max(field))["at"] for field in ("created", "resolved")]
    newest = max((moment for moment in moments if moment), default=None)
    return day_in_norway(newest) if newest else None


@register("support.tickets_imported", order=20)
def tickets_imported(period: Period) -> ChecklistItem:
    """The figures stand at the start of the as-of day, so the data must reach the last
    working day before it: an export taken then has activity of that day, and one taken
    after a weekend or Easter has none since the last working day. When the import was
    made does not count: an old export imported today reaches no further than its data."""
    needed = last_working_day_before(period.as_of)
    newest = newest_activity()
    ok = newest is not None and newest >= needed
    if newest is None:
        detail = _("No tickets are imported; needs activity on %(needed)s or later.") % {
            "needed": format_date(needed)
        }
    elif ok:
        detail = _("Newest activity in the imported tickets: %(newest)s.") % {
            "newest": format_date(newest)
        }
    else:
        detail = _(
            "Newest activity in the imported tickets: %(newest)s; needs %(needed)s or later."
        ) % {"newest": format_date(newest), "needed": format_date(needed)}
    return ChecklistItem(
        label=_("Tickets imported up to %(date)s") % {"date": format_date(period.as_of)},
        ok=ok,
        detail=detail,
        url=reverse("admin:support_ticket_import"),
    )
