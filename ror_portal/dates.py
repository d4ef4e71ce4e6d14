"""Time and months as the portal reckons them, once: Norwegian time, and a month as the
date of its first day (2024-02-01 is February 2024)."""

import calendar
import datetime
import re
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from ror_portal.formatting import month_name

OSLO = ZoneInfo("Europe/Oslo")


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after ``month``'s (before it, if
    negative): December 2024 + 1 → January 2025, March 2024 − 3 → December 2023."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def start_of_month(month: datetime.date) -> datetime.datetime:
    """Midnight in Norway as the month begins: what "in February" means for a moment."""
    return datetime.datetime(month.year, month.month, 1, tzinfo=OSLO)


_TYPED_DATE = re.compile(r"\s*(([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}))")


def no_such_date(text: str) -> str | None:
    """Why text that begins as a Norwegian date (dd.mm.åååå) is not one, in words
    ("31.02.2024 finnes ikke: februar 2024 har 29 dager."); None where it is one, or
    where it is not written so. A date of the right form is not told to be written in
    that form."""
    match = _TYPED_DATE.match(text)
    if match is None or int(match.group(4)) == 0:  # year 0 is none: the form's own message
        return None
    typed, day, month, year = match.group(1), *map(int, match.groups()[1:])
    if not 1 <= month <= 12:
        return _("%(date)s does not exist: there is no month %(month)s.") % {
            "date": typed,
            "month": month,
        }
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return _("%(date)s does not exist: %(month)s %(year)s has %(days)s days.") % {
            "date": typed,
            "month": month_name(month),
            "year": year,
            "days": days,
        }
    return None
