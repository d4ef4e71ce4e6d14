"""The notice (innkalling) of a meeting: the confirmation, publishing the drafts and
recording the notice in one go, the e-mail and its retries, and where it shows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from meetings.models import MeetingNotice
from meetings.notice_tasks import send_meeting_notice
from reports.models import Case
from reports.selectors import visible_meetings
from ror_portal.roles import roles_of
from tests.html_validator import html_errors
from tests.meetings.notice_data import board, meeting_to_call

PORTAL = "https://portal.ror-ikt.no"
ADDRESSES = ["kari@molde.kommune.no", "per@aukra.kommune.no"]


@pytest.fixture
def members(db):
    return board()


@pytest.fixture
def meeting(members):
    return meeting_to_call()


def notice_url(meeting):
    return reverse("admin:reports_boardmeeting_notice", args=[meeting.pk])


def send(client, meeting, capture):
    with capture(execute=True):
        return client.post(notice_url(meeting), follow=True)


def test_the_confirmation_lists_who_is_called_the_time_place_and_agenda(client_for, meeting):
    page = client_for("Administrator").get(notice_url(meeting)).content.decode()

    for address in ADDRESSES:
        assert address in page
    assert "Ola Uten" in page  # serving, but without an address
    assert page.count(gettext("Not reachable: no e-mail address")) == 1
    assert "Tidligere Medlem" not in page  # his period ended before the meeting
    assert "13:00" in page and "Molde rådhus" in page
    assert page.index("2024/M1-001 Godkjenning av innkalling") < page.index(
        "2024/M1-002 Sikkerhetspartner"
    )
    assert 'type="submit"' in page


def test_sending_publishes_the_drafts_records_the_notice_and_mails_the_board(
    client_for, meeting, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = PORTAL + "/"
    response = send(client_for("Administrator"), meeting, django_capture_on_commit_callbacks)

    assert response.redirect_chain == [
        (reverse("admin:reports_boardmeeting_change", args=[meeting.pk]), 302)
    ]
    assert not Case.objects.filter(meeting=meeting, published_at__isnull=True).exists()
    notice = MeetingNotice.objects.get(meeting=meeting)
    assert notice.sent_at is not None and notice.error == ""
    assert notice.sent_by.username == "admin"
    assert notice.recipients == [
        {
            "name": "Per Aukra",
            "municipality": "Aukra",
            "role": "deputy",
            "address": "per@aukra.kommune.no",
        },
        {
            "name": "Kari Molde",
            "municipality": "Molde",
            "role": "member",
            "address": "kari@molde.kommune.no",
        },
    ]
    [mail] = mailoutbox
    assert mail.bcc == ADDRESSES
    assert mail.to == [settings.DEFAULT_FROM_EMAIL]
    assert mail.subject.endswith(": Samarbeidsrådet for ROR-IKT 14.02.2024")
    html, _type = mail.alternatives[0]
    for body in (mail.body, html):
        assert "14.02.2024" in body and "13:00" in body and "Molde rådhus" in body
        assert "2024/M1-001 Godkjenning av innkalling" in body
        assert "2024/M1-002 Sikkerhetspartner" in body
        assert f"{PORTAL}/moter/2024-M1/" in body
        assert f"{PORTAL}/moter/2024-M1/motebok/" in body  # the book, one click away
        assert "Hemmelig forslag" not in body  # no case content in a mail


def test_the_subject_is_one_line(
    client_for, members, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = meeting_to_call(body="Samarbeidsrådet\r\nBcc: alle@example.no")
    send(client_for("Administrator"), meeting, django_capture_on_commit_callbacks)

    [mail] = mailoutbox
    assert mail.subject.endswith(": Samarbeidsrådet Bcc: alle@example.no 14.02.2024")


def test_a_failing_mail_server_is_tried_three_times_then_the_error_is_kept(
    client_for, meeting, monkeypatch, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    tries = []

    def refused(message):
        tries.append(message)
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    response = send(client_for("Administrator"), meeting, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert len(tries) == 3
    notice = MeetingNotice.objects.get(meeting=meeting)
    assert notice.sent_at is None
    assert notice.error == "ConnectionRefusedError: mail server down"
    assert "was not sent after 3 tries" in caplog.text
    # the cases stay published: the mail server undoes nothing
    assert not Case.objects.filter(meeting=meeting, published_at__isnull=True).exists()
    change_page = client_for("Administrator").get(
        reverse("admin:reports_boardmeeting_change", args=[meeting.pk])
    )
    assert "ConnectionRefusedError: mail server down" in change_page.content.decode()

    monkeypatch.undo()
    client_for("Administrator").post(
        reverse("admin:reports_boardmeeting_notice_again", args=[meeting.pk, notice.pk])
    )
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.error == ""
    assert len(mailoutbox) == 1


def test_a_notice_is_never_sent_twice(meeting, mailoutbox):
    notice = MeetingNotice.objects.create(
        meeting=meeting, recipients=[{"address": ADDRESSES[0]}], sent_at=timezone.now()
    )
    send_meeting_notice.enqueue(notice.pk)

    assert mailoutbox == []


def test_send_again_is_post_only(client_for, meeting):
    notice = MeetingNotice.objects.create(meeting=meeting, error="SMTPException: down")
    url = reverse("admin:reports_boardmeeting_notice_again", args=[meeting.pk, notice.pk])

    assert client_for("Administrator").get(url).status_code == 405


def test_a_meeting_without_cases_is_refused(
    client_for, members, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = meeting_to_call()
    meeting.cases.all().delete()
    response = send(client_for("Administrator"), meeting, django_capture_on_commit_callbacks)

    refused = gettext("The meeting has no cases: add its agenda before sending the notice.")
    assert refused in response.content.decode()
    assert not MeetingNotice.objects.exists() and mailoutbox == []


def test_a_board_without_addresses_is_refused(
    client_for, mailoutbox, django_capture_on_commit_callbacks
):
    called = board()
    for member in (called["own"], called["account"]):
        member.delete()
    meeting = meeting_to_call()
    confirmation = client_for("Administrator").get(notice_url(meeting)).content.decode()
    response = send(client_for("Administrator"), meeting, django_capture_on_commit_callbacks)

    assert 'type="submit" class="default"' not in confirmation
    refused = gettext(
        "No member or deputy serving on %(date)s has an e-mail address: the notice "
        "would reach no one."
    ) % {"date": "14.02.2024"}
    assert refused in response.content.decode()
    assert not MeetingNotice.objects.exists() and mailoutbox == []
    assert Case.objects.filter(meeting=meeting, published_at__isnull=True).count() == 1


def test_a_case_that_cannot_be_published_stops_it_all(
    client_for, meeting, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    meeting.cases.update(published_at=None)
    real_publish = __import__("meetings.notice", fromlist=["case_publish"]).case_publish

    def second_refused(*, case, user, reason):
        if case.number.endswith("-002"):
            raise ValidationError("2024/M1-002 cannot be published: a figure is missing.")
        return real_publish(case=case, user=user, reason=reason)

    monkeypatch.setattr("meetings.notice.case_publish", second_refused)
    response = send(client_for("Administrator"), meeting, django_capture_on_commit_callbacks)

    assert "2024/M1-002 cannot be published" in response.content.decode()
    assert Case.objects.filter(meeting=meeting, published_at__isnull=True).count() == 2
    assert not MeetingNotice.objects.exists() and mailoutbox == []


def sent_notice(meeting, **fields):
    return MeetingNotice.objects.create(
        meeting=meeting,
        queued_at=datetime.datetime(2024, 2, 1, 9, 0, tzinfo=datetime.UTC),
        recipients=[
            {"name": "Kari Molde", "municipality": "Molde", "role": "member", "address": "k@m.no"},
            {"name": "Per Aukra", "municipality": "Aukra", "role": "deputy", "address": "p@a.no"},
        ],
        **fields,
    )


def test_the_meeting_page_says_when_the_notice_went_and_to_whom(client_for, meeting):
    sent_notice(meeting, sent_at=datetime.datetime(2024, 2, 1, 23, 30, tzinfo=datetime.UTC))
    page = client_for("Styremedlem").get(meeting.get_absolute_url()).content.decode()

    # 23:30 UTC is 2 February in Oslo
    assert gettext("Notice sent %(sent)s to:") % {"sent": "02.02.2024"} in page
    assert "Kari Molde (Molde)" in page and "Per Aukra (Aukra)" in page
    assert "k@m.no" not in page  # addresses only in the admin


def test_the_meeting_page_says_a_notice_is_on_its_way_or_failed(client_for, meeting):
    sent_notice(meeting, error="SMTPException: down")
    client = client_for("Administrator")
    failed = client.get(meeting.get_absolute_url()).content.decode()
    MeetingNotice.objects.update(error="")
    on_its_way = client.get(meeting.get_absolute_url()).content.decode()

    assert "01.02.2024" in failed and "SMTPException" not in failed
    assert gettext("The notice is on its way.") in on_its_way


def test_the_admin_change_page_shows_the_notices_with_addresses(client_for, meeting):
    sent_notice(meeting, sent_at=datetime.datetime(2024, 2, 1, 9, 5, tzinfo=datetime.UTC))
    page = (
        client_for("Administrator")
        .get(reverse("admin:reports_boardmeeting_change", args=[meeting.pk]))
        .content.decode()
    )

    assert "01.02.2024 10:05" in page
    assert "Kari Molde, Molde &lt;k@m.no&gt;" in page
    assert notice_url(meeting) in page


def test_a_meeting_is_visible_to_readers_once_its_notice_is_sent(
    client_for, board_member, members, django_assert_num_queries
):
    meeting = meeting_to_call(drafts_only=True)
    on_its_way = sent_notice(meeting)
    reader = client_for("Styremedlem")

    assert reader.get(meeting.get_absolute_url()).status_code == 404
    roles_of(board_member)  # the roles are read once per request
    with django_assert_num_queries(1):
        assert list(visible_meetings(board_member)) == []

    on_its_way.sent_at = timezone.now()
    on_its_way.save()
    page = reader.get(meeting.get_absolute_url())
    with django_assert_num_queries(1):
        assert list(visible_meetings(board_member)) == [meeting]
    assert page.status_code == 200
    assert "Sikkerhetspartner" not in page.content.decode()  # its cases are still drafts


def test_the_notice_pages_are_valid_html(client_for, meeting):
    sent_notice(meeting, sent_at=timezone.now())
    sent_notice(meeting, error="SMTPException: down")
    admin = client_for("Administrator")
    change = reverse("admin:reports_boardmeeting_change", args=[meeting.pk])
    pages = {
        "confirmation": admin.get(notice_url(meeting)).content.decode(),
        "change page": admin.get(change).content.decode(),
        "meeting page": client_for("Styremedlem").get(meeting.get_absolute_url()).content.decode(),
    }
    calendar = reverse("meetings:calendar")
    reader = client_for("Styremedlem")
    pages["calendar without address"] = reader.get(calendar).content.decode()
    pages["calendar with address"] = reader.post(
        calendar, {"make": "1"}, follow=True
    ).content.decode()

    assert html_errors(pages) == []


def test_a_second_notice_is_refused_while_the_first_is_on_its_way(
    client_for, meeting, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    admin = client_for("Administrator")
    send(admin, meeting, django_capture_on_commit_callbacks)
    again = send(admin, meeting, django_capture_on_commit_callbacks)

    assert gettext("A notice of this meeting is on its way already.") in again.content.decode()
    assert MeetingNotice.objects.filter(meeting=meeting).count() == 1
    assert mailoutbox == []


def test_send_again_leaves_a_notice_on_its_way_alone(client_for, meeting, mailoutbox):
    notice = MeetingNotice.objects.create(meeting=meeting, recipients=[{"address": ADDRESSES[0]}])
    client_for("Administrator").post(
        reverse("admin:reports_boardmeeting_notice_again", args=[meeting.pk, notice.pk])
    )

    notice.refresh_from_db()
    assert notice.sent_at is None and mailoutbox == []
