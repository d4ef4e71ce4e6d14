"""The agenda: a new meeting starts with the standing cases, numbered from 001, each one
changeable; members serve for a period."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from meetings.models import BoardMember
from reports.agenda import add_standing_cases, next_case_number
from reports.models import BoardMeeting, Case
from reports.next_month import report_start_next_month
from ror_portal.models import Municipality
from tests.factories import BoardMeetingFactory, CaseFactory, MonthlyReportFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _agenda(meeting):
    return [
        (case.number, case.title, case.standing, case.kind)
        for case in meeting.cases.order_by("number")
    ]


def test_start_next_month_gives_the_new_meeting_its_standing_cases():
    earlier = BoardMeetingFactory(number="2024/M1", date=datetime.date(2024, 2, 14))
    CaseFactory(meeting=earlier, number="2024/M1-002", standing=Case.Standing.MINUTES_APPROVAL,
                handler="Gjørtz, Fred")  # fmt: skip
    january = MonthlyReportFactory(meeting=earlier, month=datetime.date(2024, 1, 1))
    SectionFactory(report=january, title="Regnskap")
    meeting = BoardMeeting(number="2024/M2", date=datetime.date(2024, 3, 13), place="Molde")

    report_start_next_month(meeting=meeting, as_of=datetime.date(2024, 3, 1))

    assert _agenda(meeting) == [
        ("2024/M2-001", "Godkjenning av innkalling og saksliste", "notice_approval", "decision"),
        ("2024/M2-002", "Godkjenning av protokoll fra møtet 14.02.2024", "minutes_approval",
         "decision"),
        ("2024/M2-003", "Månedsrapport februar 2024", "monthly_report", "orientation"),
        ("2024/M2-004", "Orienteringssaker", "orientation", "orientation"),
    ]  # fmt: skip
    approval = meeting.cases.get(standing=Case.Standing.MINUTES_APPROVAL)
    assert approval.minutes_of == earlier
    assert approval.proposed_decision == "Protokollen fra møtet 14.02.2024 godkjennes."
    # Who handled the standing case last time handles it again; the rest fall back.
    assert approval.handler == "Gjørtz, Fred"
    assert meeting.cases.get(number="2024/M2-001").handler == "ROR-IKT"
    assert all(case.published_at is None for case in meeting.cases.all())  # drafts


def test_the_first_meeting_has_no_minutes_to_approve_and_one_with_cases_gets_none():
    first = BoardMeetingFactory(number="2024/M1", date=datetime.date(2024, 2, 14))
    add_standing_cases(first)
    assert [case.standing for case in first.cases.all()] == [
        "notice_approval",
        "monthly_report",
        "orientation",
    ]
    # Its report is the month before the meeting's.
    assert first.cases.get(standing="monthly_report").title == "Månedsrapport januar 2024"
    assert add_standing_cases(first) == []
    assert first.cases.count() == 3
    assert next_case_number(first) == "2024/M1-004"


def test_a_meeting_added_in_the_admin_gets_the_standing_cases(client_for, administrator):
    BoardMeetingFactory(number="2024/M1", date=datetime.date(2024, 2, 14))
    response = client_for("Administrator").post(
        reverse("admin:reports_boardmeeting_add"),
        {
            "body": "Samarbeidsrådet for ROR-IKT",
            "number": "2024/M2",
            "date": "13.03.2024",
            "starts_at": "09:00",
            "place": "Molde rådhus",
            "cases-TOTAL_FORMS": "0",
            "cases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = BoardMeeting.objects.get(number="2024/M2")
    assert meeting.starts_at == datetime.time(9, 0)
    assert [case.number for case in meeting.cases.all()] == [
        "2024/M2-001",
        "2024/M2-002",
        "2024/M2-003",
        "2024/M2-004",
    ]
    assert meeting.cases.get(number="2024/M2-002").minutes_of.number == "2024/M1"


def test_a_meeting_typed_with_a_case_of_its_own_gets_no_standing_cases(client_for):
    response = client_for("Administrator").post(
        reverse("admin:reports_boardmeeting_add"),
        {
            "body": "Samarbeidsrådet for ROR-IKT",
            "number": "2024/M2",
            "date": "13.03.2024",
            "place": "",
            "cases-TOTAL_FORMS": "1",
            "cases-INITIAL_FORMS": "0",
            "cases-0-number": "2024/M2-001",
            "cases-0-title": "Ekstraordinær sak",
            "cases-0-handler": "Gjørtz, Fred",
            "cases-0-kind": "decision",
            "cases-0-standing": "",
        },
    )
    assert response.status_code == 302
    assert _agenda(BoardMeeting.objects.get(number="2024/M2")) == [
        ("2024/M2-001", "Ekstraordinær sak", "", "decision")
    ]


def test_members_serve_for_their_period():
    molde = Municipality.objects.get(name="Molde")
    day = datetime.date(2024, 2, 14)
    serving = BoardMember.objects.create(
        name="Kari Nå", municipality=molde, serves_from=datetime.date(2023, 10, 1)
    )
    BoardMember.objects.create(
        name="Per Før",
        municipality=molde,
        serves_from=datetime.date(2020, 1, 1),
        serves_until=datetime.date(2023, 9, 30),
    )
    last_day = BoardMember.objects.create(
        name="Lise Sist",
        municipality=molde,
        role=BoardMember.Role.DEPUTY,
        serves_from=datetime.date(2020, 1, 1),
        serves_until=day,
    )
    assert set(BoardMember.objects.serving_on(day)) == {serving, last_day}


def test_a_member_without_an_address_of_their_own_is_reached_through_the_account(board_member):
    member = BoardMember(
        name="Bjørn", municipality=Municipality.objects.get(name="Molde"), user=board_member
    )
    assert member.address == board_member.email
    member.email = "bjorn@molde.kommune.no"
    assert member.address == "bjorn@molde.kommune.no"


def test_the_front_page_lists_the_coming_meetings_a_member_may_see(client_for, board_member):
    from django.utils import timezone

    today = timezone.localdate()
    called = BoardMeetingFactory(
        number=f"{today.year}/M9", date=today, starts_at=datetime.time(9), place="Molde rådhus"
    )
    called.notices.create(sent_at=timezone.now())
    BoardMeetingFactory(number=f"{today.year}/M10", date=today)  # not called: a draft
    BoardMeetingFactory(number="2020/M1", date=datetime.date(2020, 2, 12))  # past
    html = client_for("Styremedlem").get("/").content.decode()
    assert "Kommende møter" in html
    assert f"{called.number}, {today:%d.%m.%Y} kl. 09:00, Molde rådhus" in html
    assert f"{today.year}/M10" not in html and "2020/M1" not in html


def test_the_meeting_page_takes_the_same_queries_for_more_cases_and_members(
    client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import AttachmentFactory

    meeting = BoardMeetingFactory(number="2024/M1", date=datetime.date(2024, 2, 14))
    client = client_for("Styremedlem")
    url = reverse("meetings:meeting", args=["2024-M1"])

    def add(count: int, start: int) -> None:
        molde = Municipality.objects.get(name="Molde")
        for n in range(start, start + count):
            AttachmentFactory(case=CaseFactory(meeting=meeting, number=f"2024/M1-{n:03d}"))
            BoardMember.objects.create(
                name=f"Medlem {n}", municipality=molde, serves_from=datetime.date(2023, 1, 1)
            )
        meeting.notices.create(sent_at=datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC))

    add(2, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(6, 3)
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert page.content.decode().count("Medlem ") == 8


def test_the_admin_front_page_leads_to_each_meetings_next_step(
    client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from meetings.models import MinutesVersion
    from meetings.templatetags.meeting_steps import meetings_in_progress

    today = timezone.localdate()
    held = BoardMeetingFactory(number="2026/M9", date=today - datetime.timedelta(days=2))
    coming = BoardMeetingFactory(number="2026/M10", date=today + datetime.timedelta(days=20))
    called = BoardMeetingFactory(number="2026/M11", date=today + datetime.timedelta(days=50))
    called.notices.create(sent_at=timezone.now())
    minuted = BoardMeetingFactory(number="2026/M8", date=today - datetime.timedelta(days=30))
    MinutesVersion.objects.create(
        meeting=minuted,
        number=1,
        html_sha256="0" * 64,
        pdf_sha256="0" * 64,
        published_by=get_user_model().objects.create(username="protokollfører"),
    )
    html = client_for("Administrator").get(reverse("admin:index")).content.decode()

    assert "Møter i arbeid" in html
    minutes_url = reverse("admin:reports_boardmeeting_minutes", args=[held.pk])
    notice_url = reverse("admin:reports_boardmeeting_notice", args=[coming.pk])
    assert (
        f'Møte 2026/M9 den {held.date:%d.%m.%Y}: <a href="{minutes_url}">Før protokoll</a>' in html
    )
    assert f'<a href="{notice_url}">Send innkalling</a>' in html
    assert "Innkalt: protokollen føres etter møtet" in html
    assert "2026/M8" not in html  # minuted: done
    request = SimpleNamespace(user=get_user_model().objects.get(username="protokollfører"))
    assert meetings_in_progress({"request": request}) == {"meetings": []}  # no permission
    # The same queries, however many meetings there are.
    administrator = get_user_model().objects.filter(is_staff=True).first()
    with CaptureQueriesContext(connection) as few:
        meetings_in_progress({"request": SimpleNamespace(user=administrator)})
    for n in range(12, 16):
        BoardMeetingFactory(number=f"2026/M{n}", date=today + datetime.timedelta(days=n))
    administrator = get_user_model().objects.get(pk=administrator.pk)  # no cached permissions
    with django_assert_max_num_queries(len(few)):
        shown = meetings_in_progress({"request": SimpleNamespace(user=administrator)})
    numbers = [meeting.number for meeting, *_ in shown["meetings"]]
    assert numbers == ["2026/M9", "2026/M12", "2026/M13"]  # the three first, not minuted
