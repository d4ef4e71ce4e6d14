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


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight in Norway as ``day`` begins: a date's figures stand at this moment (a
    report's *tall per* counts what was there before it). Norway changes its clocks at
    02:00 or 03:00, so midnight is never skipped nor repeated; a day is 23 or 25 hours
    at a change."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=OSLO)


def day_in_norway(moment: datetime.datetime) -> datetime.date:
    """The date in Norway at ``moment``, the inverse of ``start_of_day``: 23:30 UTC on
    30 March 2024 is 31 March (summer time, UTC+2, began that night)."""
    return moment.astimezone(OSLO).date()


def start_of_month(month: datetime.date) -> datetime.datetime:
    """Midnight in Norway as the month begins: what "in February" means for a moment."""
    return start_of_day(month.replace(day=1))


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


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    golden, century, year_of_century = year % 19, year // 100, year % 100
    leap_centuries, century_rest = century // 4, century % 4
    correction = (century + 8) // 25
    moon_correction = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_rest = year_of_century // 4, year_of_century % 4
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year: int) -> set[datetime.date]:
    """Norway's public holidays (helligdager and 1 and 17 May): the fixed days, and those
    that follow Easter (Maundy Thursday to Whit Monday)."""
    easter = easter_sunday(year)
    from_easter = (-3, -2, 0, 1, 39, 49, 50)  # skjærtorsdag … 2. pinsedag
    return {
        *(datetime.date(year, month, day) for month, day in ((1, 1), (5, 1), (5, 17))),
        *(datetime.date(year, 12, day) for day in (25, 26)),
        *(easter + datetime.timedelta(days=offset) for offset in from_easter),
    }


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def last_working_day_before(day: datetime.date) -> datetime.date:
    """The last working day before ``day``: Monday 01.04.2024, Easter Monday itself, gives
    Wednesday 27.03.2024 (Maundy Thursday to Easter Monday are holidays); Friday
    01.03.2024 gives Thursday 29.02.2024."""
    earlier = day - datetime.timedelta(days=1)
    while not is_working_day(earlier):
        earlier -= datetime.timedelta(days=1)
    return earlier
