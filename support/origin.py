"""Where the support desk's figures come from: the latest ITSM export imported."""

from django.utils.translation import gettext as _

from ror_portal.blocks import Period
from ror_portal.formatting import format_datetime
from support.models import TicketImport


def ticket_origin(period: Period) -> str:
    """The figures are counted from the tickets as the latest import left them."""
    latest = TicketImport.objects.order_by("-imported_at").first()
    if latest is None:
        return _("Source: tickets registered in the portal (no export imported)")
    return _("Source: Pureservice export imported %(when)s (%(file)s)") % {
        "when": format_datetime(latest.imported_at),
        "file": latest.file_name,
    }
