"""Published periods for the finance tests: what publishing a monthly report records
(``budget.services.published_period_remember``), without making the report."""

import datetime

from budget.models import PublishedPeriod
from budget.periods import report_month_of
from ror_portal.dates import add_months


def publish_accounts(
    year: int, through: int, as_of: datetime.date | None = None
) -> PublishedPeriod:
    """The report that shows the accounts of ``year`` through ``through`` (the report
    of the month after), published with its figures as of ``as_of``, by default the
    1st of the month after the report's (the *tall per* a new report starts with)."""
    month = report_month_of(year, through)
    return PublishedPeriod.objects.create(
        month=month,
        as_of=as_of or add_months(month, 1),
        published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
    )
