"""Where the security partner's costs come from: the agreement's prices and the server count."""

from django.utils.translation import gettext as _

from ror_portal.blocks import Period
from ror_portal.formatting import format_date
from security.models import SecurityAgreement
from security.selectors import servers_on


def agreement_origin(period: Period) -> str:
    """The count the tier is chosen by: the latest on or before the report's date."""
    agreement = SecurityAgreement.objects.shown_at(period.as_of)
    count = servers_on(agreement, period.as_of) if agreement else None
    if count is None:
        return _("Source: the agreement's price tiers (no server count entered)")
    return _("Source: the agreement's price tiers and the server count of %(day)s") % {
        "day": format_date(count.date)
    }
