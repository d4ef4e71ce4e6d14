"""A member's meetings as iCalendar (RFC 5545), written by hand: the few properties
a calendar app needs, escaped and folded as the RFC says."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from reports.models import BoardMeeting

OSLO = ZoneInfo("Europe/Oslo")
# How long a meeting with a time lasts in the calendar: the board meets for an afternoon.
MEETING_LENGTH = datetime.timedelta(hours=3)
LINE_OCTETS = 75


def escape_text(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """The content line folded at 75 octets of UTF-8, never inside a character: each
    further part starts with a space, which counts (RFC 5545 3.1)."""
    parts, part, size, limit = [], [], 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode())
        if size + octets > limit:
            parts.append("".join(part))
            part, size, limit = [], 0, LINE_OCTETS - 1
        part.append(character)
        size += octets
    parts.append("".join(part))
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_times(meeting: BoardMeeting) -> list[str]:
    """DTSTART and DTEND: in UTC from the meeting's Oslo time, or the whole day."""
    if meeting.starts_at is None:
        day = meeting.date
        return [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        ]
    starts = datetime.datetime.combine(meeting.date, meeting.starts_at, tzinfo=OSLO)
    return [f"DTSTART:{utc_stamp(starts)}", f"DTEND:{utc_stamp(starts + MEETING_LENGTH)}"]


def meeting_event(meeting: BoardMeeting, *, stamp: str, host: str, portal: str) -> list[str]:
    url = portal + meeting.get_absolute_url()
    summary = _("%(body)s – meeting %(number)s") % {
        "body": meeting.body,
        "number": meeting.number,
    }
    description = _("Agenda and papers: %(url)s") % {"url": url}
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{stamp}",
        *meeting_times(meeting),
        f"SUMMARY:{escape_text(summary)}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape_text(meeting.place)}")
    return [*lines, f"URL:{url}", f"DESCRIPTION:{escape_text(description)}", "END:VEVENT"]


def meetings_calendar(meetings: Iterable[BoardMeeting], *, now: datetime.datetime) -> str:
    """The calendar of the meetings, with CRLF line ends."""
    portal = settings.PORTAL_URL.rstrip("/")
    host = urlsplit(portal).hostname or "ror-portal"
    stamp = utc_stamp(now)
    name = _("Meetings of Samarbeidsrådet for ROR-IKT")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ROR-IKT//ROR Portal//NO",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines += meeting_event(meeting, stamp=stamp, host=host, portal=portal)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
