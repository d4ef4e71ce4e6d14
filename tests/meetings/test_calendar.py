"""The private calendar: the page that makes and revokes its address, and the feed at
that address (RFC 5545: escaped, folded, CRLF), which shows a user the meetings the
portal shows them and nothing once the address is revoked or the user gone."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from meetings.calendar import escape_text, fold
from meetings.models import CalendarFeed, MeetingNotice
from ror_portal.roles import Role
from tests.factories import BoardMeetingFactory, CaseFactory, UserFactory
from tests.meetings.notice_data import meeting_to_call

PORTAL = "https://portal.ror-ikt.no"


@pytest.fixture(autouse=True)
def portal_url(settings):
    settings.PORTAL_URL = PORTAL


def feed_of(user) -> CalendarFeed:
    return CalendarFeed.objects.create(user=user)


def unfolded(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def fetch(client, feed):
    client.logout()  # calendar apps do not sign in
    return client.get(feed.get_absolute_url())


def test_the_page_makes_and_revokes_the_address(client_for, board_member):
    client = client_for(Role.BOARD_MEMBER)
    url = reverse("meetings:calendar")
    assert b'name="make"' in client.get(url).content

    made = client.post(url, {"make": "1"}, follow=True).content.decode()
    first = CalendarFeed.objects.get(user=board_member).token
    assert f'value="{PORTAL}/kalender/{first}.ics"' in made
    assert f'href="webcal://portal.ror-ikt.no/kalender/{first}.ics"' in made
    assert 'name="revoke"' in made

    client.post(url, {"revoke": "1"})
    assert not CalendarFeed.objects.filter(user=board_member).exists()
    client.post(url, {"make": "1"})
    assert CalendarFeed.objects.get(user=board_member).token != first


def test_the_home_page_links_to_the_calendar_page(client_for):
    home = client_for(Role.FINANCE).get(reverse("home")).content.decode()

    assert f'href="{reverse("meetings:calendar")}"' in home


def test_the_feed_has_the_meetings_with_time_place_and_link(client, board_member):
    winter = meeting_to_call()
    summer = BoardMeetingFactory(
        number="2024/M4", date=datetime.date(2024, 6, 12), starts_at=datetime.time(9, 30)
    )
    CaseFactory(meeting=summer, number="2024/M4-001")
    no_time = BoardMeetingFactory(number="2024/M5", date=datetime.date(2024, 9, 4), place="")
    CaseFactory(meeting=no_time, number="2024/M5-001")
    response = fetch(client, feed_of(board_member))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    lines = unfolded(response.content.decode())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
    assert lines.count("BEGIN:VEVENT") == 3
    assert f"UID:meeting-{winter.pk}@portal.ror-ikt.no" in lines
    summary = gettext("%(body)s – meeting %(number)s")  # «… – møte 2024/M1»
    assert (
        "SUMMARY:" + summary % {"body": "Samarbeidsrådet for ROR-IKT", "number": "2024/M1"} in lines
    )
    # 13:00 in Oslo in winter is 12:00 UTC; 09:30 in summer is 07:30 UTC; three hours
    assert "DTSTART:20240214T120000Z" in lines and "DTEND:20240214T150000Z" in lines
    assert "DTSTART:20240612T073000Z" in lines and "DTEND:20240612T103000Z" in lines
    assert "DTSTART;VALUE=DATE:20240904" in lines and "DTEND;VALUE=DATE:20240905" in lines
    assert "LOCATION:Molde rådhus" in lines
    assert f"URL:{PORTAL}/moter/2024-M1/" in lines
    assert any(
        line.startswith("DESCRIPTION:") and f"{PORTAL}/moter/2024-M1/" in line for line in lines
    )
    assert sum(line.startswith("DTSTAMP:") for line in lines) == 3


def test_place_and_body_are_escaped_and_folded(client, board_member):
    place = "Rådhuset, sal 1; 2. etasje\\nord\n" + "Møterom Ærlighet og Øvelse " * 4
    meeting = meeting_to_call(place=place)
    body = fetch(client, feed_of(board_member)).content

    assert b"\n" not in body.replace(b"\r\n", b"")  # CRLF only
    physical = body.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # no character split between two lines
    location = next(line for line in unfolded(body.decode()) if line.startswith("LOCATION:"))
    assert location == "LOCATION:" + (
        "Rådhuset\\, sal 1\\; 2. etasje\\\\nord\\n" + "Møterom Ærlighet og Øvelse " * 4
    )
    assert meeting.place == place


def test_escape_and_fold():
    assert escape_text("a\\b;c,d\r\ne\rf") == "a\\\\b\\;c\\,d\\ne\\nf"
    line = "DESCRIPTION:" + "ø" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    # 12 octets and 31 two-octet letters; a 32nd would make 76: never half of one
    assert [len(part.encode()) for part in parts] == [74, 75, 65]
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT:x") == "SHORT:x"


def test_a_draft_meeting_without_a_sent_notice_is_not_in_a_members_feed(
    client, board_member, administrator
):
    meeting = meeting_to_call(drafts_only=True)
    notice = MeetingNotice.objects.create(meeting=meeting)  # still on its way
    uid = f"UID:meeting-{meeting.pk}@portal.ror-ikt.no"

    assert uid not in fetch(client, feed_of(board_member)).content.decode()
    assert uid in fetch(client, feed_of(administrator)).content.decode()
    notice.sent_at = timezone.now()
    notice.save()
    assert uid in fetch(client, board_member.calendar_feed).content.decode()


def test_a_revoked_or_unknown_address_answers_404(client, client_for, board_member):
    feed = feed_of(board_member)
    client_for(Role.BOARD_MEMBER).post(reverse("meetings:calendar"), {"revoke": "1"})

    assert fetch(client, feed).status_code == 404
    assert client.get(reverse("meetings:calendar_feed", args=["not-a-token"])).status_code == 404


def test_the_address_of_an_inactive_user_or_one_with_no_role_answers_404(client, board_member):
    feed = feed_of(board_member)
    board_member.is_active = False
    board_member.save()
    no_role = feed_of(UserFactory())

    assert fetch(client, feed).status_code == 404
    assert fetch(client, no_role).status_code == 404


def queries_of_feed(client, feed) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert fetch(client, feed).status_code == 200
    return len(queries)


def test_the_feed_takes_the_same_queries_for_more_meetings(
    client, board_member, django_assert_max_num_queries
):
    feed = feed_of(board_member)
    meeting_to_call()
    few = queries_of_feed(client, feed)
    for month in range(3, 13):
        meeting = BoardMeetingFactory(
            number=f"2024/M{month}", date=datetime.date(2024, month, 1), place="Molde"
        )
        CaseFactory(meeting=meeting, number=f"2024/M{month}-001")

    with django_assert_max_num_queries(few):
        body = fetch(client, feed).content.decode()
    assert body.count("BEGIN:VEVENT") == 11
