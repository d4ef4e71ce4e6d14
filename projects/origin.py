"""Where the building projects' status comes from: the project managers' updates."""

from django.db.models import Max
from django.utils.translation import gettext as _

from projects.models import StatusUpdate
from ror_portal.blocks import Period
from ror_portal.formatting import format_date


def status_origin(period: Period) -> str:
    """The newest update the report shows, i.e. on or before its as-of date."""
    latest = StatusUpdate.objects.filter(date__lte=period.as_of).aggregate(day=Max("date"))["day"]
    if latest is None:
        return _("Source: the project managers' status updates (none yet)")
    return _("Source: the project managers' status updates, latest %(day)s") % {
        "day": format_date(latest)
    }
