"""A case is a draft until it is published, on its own or with a report of its meeting:
until then only administrators see it, its texts and its attachments."""

import datetime
import hashlib
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from archive.search import search
from budget import demo as budget_demo
from reports.models import Case, CaseDocumentVersion
from reports.publishing import case_document_publish, report_publish
from ror_portal.roles import Role
from security import demo as security_demo
from tests.factories import (
    AttachmentFactory,
    BoardMeetingFactory,
    CaseFactory,
    MonthlyReportFactory,
    ReportVersionFactory,
)

pytestmark = pytest.mark.django_db


def draft_case(meeting, number: str, title: str = "Ny driftsavtale") -> Case:
    return CaseFactory(meeting=meeting, number=number, title=title, published_at=None)


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def readers(client_for, board_member, finance_user):
    """Each reader with a client signed in as them (one at a time)."""

    def signed_in():
        for role, user in ((Role.BOARD_MEMBER, board_member), (Role.FINANCE, finance_user)):
            yield client_for(role), user

    return signed_in


@pytest.fixture
def published_meeting(db):
    """Meeting 2024/M1, whose January report is published."""
    report = MonthlyReportFactory()
    ReportVersionFactory(report=report)
    return report.meeting


def test_a_case_added_to_a_published_meeting_is_seen_by_administrators_only(
    client_for, readers, published_meeting
):
    admin = client_for(Role.ADMINISTRATOR)
    admin.post(
        reverse("admin:reports_case_add"),
        {
            "meeting": published_meeting.pk,
            "number": "2024/M1-007",
            "title": "Ny driftsavtale",
            "handler": "Alfarnes, Kristin",
            "kind": "decision",
            "proposed_decision": "Samarbeidsrådet godkjenner avtalen.",
            "decision": "",
            "document_block": "",
            **{f"{inline}-{name}": 0 for inline in ("follow_ups", "attachments")
               for name in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )  # fmt: skip
    case = Case.objects.get(number="2024/M1-007")
    attachment = AttachmentFactory(case=case, title="Avtaleutkast")
    assert case.published_at is None

    for reader, user in readers():
        meeting_page = html(reader, "/moter/2024-M1/")
        assert "Ny driftsavtale" not in meeting_page
        assert "Avtaleutkast" not in meeting_page
        assert reader.get("/saker/2024-M1-007/").status_code == 404
        assert reader.get(attachment.get_absolute_url()).status_code == 404
        assert "Ny driftsavtale" not in html(reader, "/arkiv/")
        assert search(user, "driftsavtale").total == 0

    meeting_page = html(client_for(Role.ADMINISTRATOR), "/moter/2024-M1/")
    assert "2024/M1-007 Ny driftsavtale" in meeting_page
    assert "bare administratorer kan se denne saken og vedleggene" in meeting_page
    assert "Avtaleutkast" in meeting_page
    assert "(Utkast)" in html(client_for(Role.ADMINISTRATOR), "/arkiv/")
    assert client_for(Role.ADMINISTRATOR).get(attachment.get_absolute_url()).status_code == 200


def test_publishing_a_report_publishes_the_cases_of_its_meeting(
    readers, report_with_glossary, administrator, next_meeting
):
    case = draft_case(report_with_glossary.meeting, "2024/M1-007")
    attachment = AttachmentFactory(case=case, title="Avtaleutkast")
    later = draft_case(next_meeting, "2024/M2-001", title="Neste møtes sak")

    version = report_publish(report=report_with_glossary, user=administrator)

    case.refresh_from_db()
    later.refresh_from_db()
    assert case.published_at == version.published_at
    assert later.published_at is None
    latest = case.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        administrator,
        "Publisert med Månedsrapport januar 2024",
    )
    for reader, user in readers():
        assert "Avtaleutkast" in html(reader, "/moter/2024-M1/")
        assert reader.get("/saker/2024-M1-007/").status_code == 200
        assert reader.get(attachment.get_absolute_url()).status_code == 200
        assert reader.get("/saker/2024-M2-001/").status_code == 404
        assert [e.number for e in search(user, "driftsavtale").entries] == ["2024/M1-007"]


def test_a_report_publish_that_fails_publishes_no_case(
    monkeypatch, report_with_glossary, administrator
):
    case = draft_case(report_with_glossary.meeting, "2024/M1-007")

    def mail_server_gone(**kwargs):
        raise ConnectionError("the notice could not be queued")

    monkeypatch.setattr("reports.publishing.notify_published", mail_server_gone)
    with pytest.raises(ConnectionError):
        report_publish(report=report_with_glossary, user=administrator)

    case.refresh_from_db()
    assert case.published_at is None
    assert report_with_glossary.versions.count() == 0


def test_publishing_its_case_document_publishes_the_case(client_for, administrator):
    budget_demo.load()
    security_demo.load()
    meeting = BoardMeetingFactory(number="2024/M1")
    case = CaseFactory(
        meeting=meeting,
        number="2024/M1-004",
        title="Sikkerhetspartner",
        document_block="security.case_document",
        published_at=None,
    )
    assert client_for(Role.BOARD_MEMBER).get("/saker/2024-M1-004/").status_code == 404

    version = case_document_publish(case=case, user=administrator, notify=False)

    case.refresh_from_db()
    assert case.published_at == version.published_at
    assert case.history.first().history_change_reason == "Publisert med saksframlegget, versjon 1"
    board = client_for(Role.BOARD_MEMBER)
    assert board.get("/saker/2024-M1-004/").status_code == 200
    # The meeting has no published report; its published case opens it to the board.
    assert "2024.02.14 - Saksframlegg Sikkerhetspartner" in html(board, "/moter/2024-M1/")
    attachment = case.attachments.get()
    assert board.get(attachment.get_absolute_url()).status_code == 200


def test_the_publish_button_on_the_case(client_for, administrator, published_meeting):
    case = draft_case(published_meeting, "2024/M1-007")
    admin = client_for(Role.ADMINISTRATOR)
    change_url = reverse("admin:reports_case_change", args=[case.pk])
    page = html(admin, change_url)
    assert "Utkast: bare administratorer ser saken og vedleggene." in page
    assert ">Publiser saken</button>" in page

    response = admin.post(reverse("admin:reports_case_publish_case", args=[case.pk]), follow=True)

    assert response.redirect_chain == [(change_url, 302)]
    page = response.content.decode()
    assert "2024/M1-007 Ny driftsavtale er publisert: styret ser saken og vedleggene nå." in page
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Publisert {today}: styret ser saken og vedleggene." in page
    assert ">Publiser saken</button>" not in page
    case.refresh_from_db()
    published_at = case.published_at
    latest = case.history.first()
    assert (latest.history_user, latest.history_change_reason) == (administrator, "Publisert")
    assert "Publisert" in html(admin, reverse("admin:reports_case_history", args=[case.pk]))

    again = admin.post(reverse("admin:reports_case_publish_case", args=[case.pk]), follow=True)
    assert "2024/M1-007 Ny driftsavtale var publisert fra før." in again.content.decode()
    case.refresh_from_db()
    assert case.published_at == published_at
    assert case.history.count() == 2  # made, published: publishing again records nothing
    assert client_for(Role.BOARD_MEMBER).get("/saker/2024-M1-007/").status_code == 200


def test_the_case_list_shows_the_state_and_publishes_the_chosen(client_for, published_meeting):
    first = draft_case(published_meeting, "2024/M1-007")
    second = draft_case(published_meeting, "2024/M1-008", title="Lisensavtale")
    published = CaseFactory(
        meeting=published_meeting,
        number="2024/M1-004",
        published_at=timezone.make_aware(datetime.datetime(2024, 2, 14, 9, 30)),
    )
    admin = client_for(Role.ADMINISTRATOR)
    changelist = reverse("admin:reports_case_changelist")
    page = html(admin, changelist)
    assert page.count('<td class="field-state">Utkast</td>') == 2
    assert '<td class="field-state">Publisert 14.02.2024</td>' in page

    response = admin.post(
        changelist,
        {"action": "publish_cases", "_selected_action": [first.pk, second.pk, published.pk]},
        follow=True,
    )

    assert "2 saker er publisert: styret ser dem og vedleggene deres nå." in (
        response.content.decode()
    )
    assert Case.objects.filter(published_at__isnull=True).count() == 0
    published.refresh_from_db()
    assert published.published_at.date() == datetime.date(2024, 2, 14)


def test_the_migration_keeps_published_what_readers_could_open(administrator):
    """Cases of a meeting with a published report, or with a case document of their
    own, are published from when readers could first open them; the others are drafts."""

    def at(day: int, month: int = 2):
        return timezone.make_aware(datetime.datetime(2024, month, day, 12))

    def made(case, when):
        case.history.update(history_date=when)

    reported = MonthlyReportFactory()
    ReportVersionFactory(report=reported, published_at=at(14))
    before = CaseFactory(meeting=reported.meeting, number="2024/M1-001", published_at=None)
    made(before, at(1))
    added_since = CaseFactory(meeting=reported.meeting, number="2024/M1-002", published_at=None)
    made(added_since, at(1, month=3))
    unreported = BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13))
    documented = CaseFactory(meeting=unreported, number="2024/M2-001", published_at=None)
    made(documented, at(1))
    content, pdf = b"<p>Saksframlegg</p>", b"%PDF-1.7 saksframlegg"
    CaseDocumentVersion.objects.create(
        case=documented,
        number=1,
        html=ContentFile(content, name="saksframlegg.html"),
        pdf=ContentFile(pdf, name="saksframlegg.pdf"),
        html_sha256=hashlib.sha256(content).hexdigest(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        published_by=administrator,
        published_at=at(20),
    )
    never_seen = CaseFactory(meeting=unreported, number="2024/M2-002", published_at=None)

    migration = import_module("reports.migrations.0008_case_published_at")
    migration.publish_what_readers_see(apps, None)

    published = dict(Case.objects.values_list("number", "published_at"))
    assert published == {
        before.number: at(14),
        added_since.number: at(1, month=3),
        documented.number: at(20),
        never_seen.number: None,
    }


def test_the_demo_shows_its_cases_to_the_board(client_for):
    call_command("demo", stdout=StringIO())
    board = client_for(Role.BOARD_MEMBER)
    assert board.get("/saker/2024-M1-004/").status_code == 200
    assert "2024/M1-005 Orienteringssaker" in html(board, "/moter/2024-M1/")
    assert not Case.objects.filter(published_at__isnull=True).exists()
