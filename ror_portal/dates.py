"""Time and months as the portal reckons them, once: Norwegian time, and a month as the
date of its first day (2024-02-01 is February 2024)."""

import datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after ``month``'s (before it, if
    negative): December 2024 + 1 → January 2025, March 2024 − 3 → December 2023."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def start_of_month(month: datetime.date) -> datetime.datetime:
    """Midnight in Norway as the month begins: what "in February" means for a moment."""
    return datetime.datetime(month.year, month.month, 1, tzinfo=OSLO)
