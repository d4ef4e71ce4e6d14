"""The minutes of a meeting: recorded in one form, published as frozen versions (PDF/A),
approved by the next meeting's standing case, decisions put into follow-up, read by
the board."""

import datetime
import hashlib
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from meetings.minutes import MINUTES
from meetings.minutes_forms import MinutesForm
from meetings.models import Attendance, MinutesVersion
from reports.integrity import StoredFileChanged, verified_bytes
from reports.models import Case, DecisionFollowUp
from reports.notifications import notice_of
from reports.publishing import NothingChanged, publish
from ror_portal.roles import Role
from tests.factories import CaseFactory
from tests.html_validator import html_errors
from tests.meetings.minutes_data import attendance_post, minutes_meeting, minutes_url
from tests.reports.printed import norm, pages_of

pytestmark = pytest.mark.django_db

CHANGED = "Samarbeidsrådet godkjenner avtalen med SOC-leverandøren, med endringene i møtet."


@pytest.fixture
def data():
    return minutes_meeting()


def record(data, user, **rows) -> None:
    """The minutes recorded as the form saves them."""
    form = MinutesForm(data.meeting, attendance_post(data, **rows))
    assert form.is_valid(), [f.errors for f in [*form.attendance, *form.decisions]]
    form.save(user=user)


def pdf_text(version: MinutesVersion) -> str:
    with version.pdf.open("rb") as stored:
        return "\n".join(line for page in pages_of(stored.read()) for line in page)


def test_the_form_starts_with_members_present_deputies_absent_and_the_proposal(
    client, data, administrator
):
    client.force_login(administrator)
    response = client.get(minutes_url(data.meeting))
    assert response.status_code == 200
    form = response.context["form"]
    initial = {f.member.name: f.initial["status"] for f in form.attendance}
    assert initial == {"Arne Aukra": "present", "Mona Molde": "present", "Dag Varamann": "absent"}
    [decision, orientation] = form.decisions
    assert decision.initial["decision"] == data.decision_case.proposed_decision
    assert orientation.initial["decision"] == "Saken tas til orientering."
    html = response.content.decode()
    deputy = data.molde_deputy.pk
    assert f'<label for="id_member-{deputy}-deputy_for">' in html
    assert f'<label for="id_case-{data.decision_case.pk}-decision">' in html
    assert f'<option value="{data.molde_member.pk}">Mona Molde' in html


def test_the_form_saves_the_attendance_and_a_decision_changed_from_the_proposal(
    client, data, administrator
):
    client.force_login(administrator)
    post = attendance_post(data, **{f"case-{data.decision_case.pk}-decision": CHANGED})
    response = client.post(minutes_url(data.meeting), post)
    assert response.status_code == 302

    rows = {
        row.member.name: (row.status, row.reason, row.deputy_for and row.deputy_for.name)
        for row in Attendance.objects.filter(meeting=data.meeting)
    }
    assert rows == {
        "Mona Molde": ("absent", "Sykdom", None),
        "Dag Varamann": ("present", "", "Mona Molde"),
        "Arne Aukra": ("present", "", None),
    }
    case = Case.objects.get(pk=data.decision_case.pk)
    assert case.decision == CHANGED
    assert case.history.first().history_user == administrator
    # the orientation case's decision is its proposal, now recorded
    assert Case.objects.get(pk=data.orientation_case.pk).decision == "Saken tas til orientering."
    again = client.get(minutes_url(data.meeting)).context["form"]
    assert {f.member.name: f.initial["status"] for f in again.attendance}["Mona Molde"] == "absent"


def test_an_invalid_row_saves_nothing(client, data, administrator):
    client.force_login(administrator)
    deputy = data.molde_deputy.pk
    post = attendance_post(
        data,
        **{
            f"member-{deputy}-status": "absent",  # absent, yet meeting for Mona Molde
            f"case-{data.decision_case.pk}-decision": CHANGED,
        },
    )
    response = client.post(minutes_url(data.meeting), post)
    assert response.status_code == 200
    assert "Bare et varamedlem som er til stede, kan møte for noen." in response.content.decode()
    assert not Attendance.objects.filter(meeting=data.meeting).exists()
    assert Case.objects.get(pk=data.decision_case.pk).decision == ""


def test_a_deputy_cannot_meet_for_a_member_who_is_present(data, administrator):
    molde = data.molde_member.pk
    post = attendance_post(
        data, **{f"member-{molde}-status": "present", f"member-{molde}-reason": ""}
    )
    form = MinutesForm(data.meeting, post)
    assert not form.is_valid()
    deputy_form = next(f for f in form.attendance if f.member == data.molde_deputy)
    assert "deputy_for" in deputy_form.errors


def test_published_minutes_are_a_pdf_with_the_header_decisions_and_attendance(data, administrator):
    # Remarks long enough for a second page: the running header is not on the first.
    remarks = "\n".join(f"Merknad {number} fra møtet." for number in range(1, 70))
    record(
        data,
        administrator,
        **{
            f"case-{data.decision_case.pk}-decision": CHANGED,
            f"case-{data.decision_case.pk}-decision_remarks": remarks,
        },
    )
    version = publish(MINUTES, data.meeting, user=administrator, notify=False)

    assert version.number == 1
    with version.pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == version.pdf_sha256
    text = pdf_text(version)
    assert "Samarbeidsrådet for ROR-IKT - 14.02.2024" in text
    assert text.startswith(
        "Samarbeidsrådet for ROR-IKT\nProtokoll\nMøte\n2024/M1\nDato\n14.02.2024"
    )
    assert norm(CHANGED) in norm(text.replace("\n", " "))
    # headings are in capitals (the print stylesheet)
    assert "FORFALL\n• Mona Molde (Molde): Sykdom" in text
    assert "Dag Varamann (Molde), varamedlem, møtte for Mona Molde" in text
    assert "2024/M1-004 SIKKERHETSPARTNER\nVEDTAK" in text
    assert "Merknad 69 fra møtet." in text


def test_minutes_without_attendance_are_refused(data, administrator):
    with pytest.raises(ValidationError) as refused:
        publish(MINUTES, data.meeting, user=administrator, notify=False)
    assert refused.value.messages == ["Protokollen kan ikke publiseres før oppmøtet er ført."]
    assert not MinutesVersion.objects.exists()


def test_minutes_with_nothing_changed_are_refused(data, administrator):
    record(data, administrator)
    publish(MINUTES, data.meeting, user=administrator, notify=False)
    with pytest.raises(NothingChanged):
        publish(MINUTES, data.meeting, user=administrator, notify=False)
    assert MinutesVersion.objects.count() == 1


def test_the_next_meetings_standing_case_approves_the_minutes(data, administrator, client_for):
    record(data, administrator)
    first = publish(MINUTES, data.meeting, user=administrator, notify=False)
    later = minutes_meeting(number="2024/M2", date=datetime.date(2024, 3, 13))
    approval = later.decision_case
    approval.title, approval.standing = "Godkjenning av protokoll", Case.Standing.MINUTES_APPROVAL
    approval.minutes_of = data.meeting
    approval.save()
    record(later, administrator, **{f"case-{approval.pk}-decision": "Protokollen godkjennes."})
    second = publish(MINUTES, later.meeting, user=administrator, notify=False)

    first.refresh_from_db()
    assert first.approved_in == approval
    assert first.approved_at == second.published_at
    assert second.approved_in is None
    # Dated by the meeting that approved them, not by when its minutes were published.
    page = client_for(Role.BOARD_MEMBER).get(reverse("meetings:meeting", args=["2024-M1"]))
    assert f"Godkjent i sak {approval.number} 13.03.2024" in page.content.decode()


def test_decisions_with_a_responsible_or_deadline_are_followed_up_once(data, administrator):
    record(
        data,
        administrator,
        **{
            f"case-{data.decision_case.pk}-responsible": "Kristin Alfarnes",
            f"case-{data.decision_case.pk}-deadline": "2024-06-30",
            f"case-{data.orientation_case.pk}-responsible": "Ingen",  # not a decision case
        },
    )
    publish(MINUTES, data.meeting, user=administrator, notify=False)
    record(data, administrator, **{f"case-{data.decision_case.pk}-decision": CHANGED})
    publish(MINUTES, data.meeting, user=administrator, notify=False)

    follow_ups = list(DecisionFollowUp.objects.values_list("case__number", "month", "status"))
    assert follow_ups == [("2024/M1-004", datetime.date(2024, 2, 1), "not_started")]
    case = Case.objects.get(pk=data.decision_case.pk)
    assert (case.responsible, case.deadline) == ("Kristin Alfarnes", datetime.date(2024, 6, 30))


def test_the_board_downloads_the_published_minutes_as_they_were_frozen(
    client_for, data, administrator
):
    url = reverse("meetings:minutes_pdf", args=["2024-M1"])
    assert client_for(None).get(url)["Location"].startswith(reverse("login"))
    board = client_for(Role.BOARD_MEMBER)
    assert board.get(url).status_code == 404  # not published: a draft
    record(data, administrator)
    version = publish(MINUTES, data.meeting, user=administrator, notify=False)

    response = board.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == version.pdf_sha256
    assert 'filename="protokoll-2024-M1.pdf"' in response["Content-Disposition"]
    page = board.get(data.meeting.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    assert "Protokoll, versjon 1, publisert" in page
    assert "Ikke godkjent ennå" in page


def test_the_notice_names_the_minutes_and_links_the_meeting(
    data, administrator, board_member, django_capture_on_commit_callbacks
):
    record(data, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(MINUTES, data.meeting, user=administrator)

    assert notice_of(version).title == "Protokoll fra møte 2024/M1"
    [message] = mail.outbox
    assert message.subject == "Publisert i ROR Portal: Protokoll fra møte 2024/M1"
    assert "http://127.0.0.1:8000/moter/2024-M1/" in message.body
    assert "Sykdom" not in message.body  # the content stays in the portal
    version.refresh_from_db()
    assert version.notice_sent_at is not None


def test_the_admin_publishes_the_minutes_as_a_job(client, data, administrator):
    record(data, administrator)
    client.force_login(administrator)
    publish_url = reverse("admin:reports_boardmeeting_publish", args=[data.meeting.pk])
    page = client.get(publish_url).content.decode()
    assert '<input type="hidden" name="next_version" value="1">' in page
    response = client.post(publish_url, {"next_version": "1"}, follow=True)
    job = response.context["job"]
    assert job.status == "done", job.message
    assert MinutesVersion.objects.get(meeting=data.meeting).number == 1


def test_the_minutes_pages_are_valid_html(client_for, data, administrator):
    admin = client_for(Role.ADMINISTRATOR)
    pages = {"empty form": admin.get(minutes_url(data.meeting)).content.decode()}
    invalid = attendance_post(data, **{f"member-{data.molde_deputy.pk}-status": "absent"})
    pages["form with errors"] = admin.post(minutes_url(data.meeting), invalid).content.decode()
    record(data, administrator, **{f"case-{data.decision_case.pk}-responsible": "Kristin"})
    pk = data.meeting.pk
    pages["preview"] = admin.get(
        reverse("admin:reports_boardmeeting_minutes_preview", args=[pk])
    ).content.decode()
    publish(MINUTES, data.meeting, user=administrator, notify=False)
    pages["publish page"] = admin.get(
        reverse("admin:reports_boardmeeting_publish", args=[pk])
    ).content.decode()
    pages["saved form"] = admin.get(minutes_url(data.meeting)).content.decode()
    pages["meeting page"] = (
        client_for(Role.BOARD_MEMBER).get(data.meeting.get_absolute_url()).content.decode()
    )
    assert "Dag Varamann (for Mona Molde)" in pages["meeting page"]
    assert html_errors(pages) == []


def test_the_draft_pdf_is_made_by_the_worker_for_administrators(client, data, administrator):
    record(data, administrator)
    client.force_login(administrator)
    url = reverse("admin:reports_boardmeeting_minutes_draft_pdf", args=[data.meeting.pk])
    made = client.get(url)
    assert made.status_code == 302 and made["Location"].startswith("/admin/jobber/")
    response = client.get(url)
    assert response.status_code == 200
    lines = [line for page in pages_of(response.content) for line in page]
    assert "UTKAST" in lines[0] and "• Mona Molde (Molde): Sykdom" in lines


def test_verify_versions_checks_the_minutes_too(data, administrator):
    record(data, administrator)
    version = publish(MINUTES, data.meeting, user=administrator, notify=False)
    call_command("verify_versions", stdout=io.StringIO())  # as published: passes
    with version.pdf.open("wb") as stored:
        stored.write(b"%PDF-1.7 changed")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_versions", stdout=io.StringIO(), stderr=errors)
    assert "protokoll-2024-M1.pdf" in errors.getvalue()
    with pytest.raises(StoredFileChanged):  # nor is it served
        verified_bytes(version, "pdf")


def test_the_meeting_change_page_links_the_minutes(client, data, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:reports_boardmeeting_change", args=[data.meeting.pk]))
    assert f'<a href="{minutes_url(data.meeting)}">' in page.content.decode()


def test_a_draft_case_is_not_in_the_minutes_the_board_reads(data, administrator):
    record(data, administrator)
    CaseFactory(
        meeting=data.meeting,
        number="2024/M1-009",
        title="Tilleggssak under arbeid",
        decision="Et vedtak ingen har sett.",
        published_at=None,
    )
    version = publish(MINUTES, data.meeting, user=administrator, notify=False)
    assert "Tilleggssak" not in pdf_text(version)
    assert "Tilleggssak" not in version.html.open().read().decode()
    assert f"{data.decision_case.number} SIKKERHETSPARTNER" in pdf_text(version)
