"""The support desk's part of the monthly checklist: tickets imported up to *tall per*."""

import datetime

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ror_portal.blocks import Period
from ror_portal.checklist import ChecklistItem, register
from ror_portal.dates import OSLO
from ror_portal.formatting import format_date, format_datetime
from support.models import Ticket, TicketImport


@register("support.tickets_imported", order=20)
def tickets_imported(period: Period) -> ChecklistItem:
    """The figures stand at the start of the as-of day. The tickets reach it when an
    export was imported after that moment, or when the newest ticket activity (created or
    resolved) is from the last day before it; an export taken earlier leaves a gap."""
    moment = datetime.datetime.combine(period.as_of, datetime.time(0), tzinfo=OSLO)
    newest = Ticket.objects.aggregate(
        created=Max("created", filter=Q(created__lt=moment)),
        resolved=Max("resolved", filter=Q(resolved__lt=moment)),
    )
    last_import = TicketImport.objects.aggregate(at=Max("imported_at"))["at"]
    activity = max((t for t in newest.values() if t), default=None)
    ok = bool(last_import and last_import >= moment) or bool(
        activity and activity >= moment - datetime.timedelta(days=1)
    )
    parts = [
        _("Newest ticket activity before %(date)s: %(activity)s.")
        % {
            "date": format_date(period.as_of),
            "activity": format_date(activity.astimezone(OSLO).date()) if activity else "–",
        },
        _("Last import: %(when)s.")
        % {"when": format_datetime(last_import) if last_import else _("none")},
    ]
    return ChecklistItem(
        label=_("Tickets imported up to %(date)s") % {"date": format_date(period.as_of)},
        ok=ok,
        detail=" ".join(parts),
        url=reverse("admin:support_ticket_import"),
    )
