import datetime
import io

import pypdf
import pytest

from budget import demo as budget_demo
from reports.models import Attachment, Case
from reports.publishing import case_document_publish
from ror_portal.roles import Role
from security import demo
from security.models import SecurityAgreement, ServerCount
from tests.factories import BoardMeetingFactory, CaseFactory, ReportVersionFactory

pytestmark = pytest.mark.django_db
URL = "/saker/2024-M1-004/"


@pytest.fixture
def case():
    budget_demo.load()
    demo.load()
    meeting = BoardMeetingFactory()
    ReportVersionFactory(report__meeting=meeting)  # the meeting is published
    return CaseFactory(
        meeting=meeting,
        number="2024/M1-004",
        title="Sikkerhetspartner",
        document_block="security.case_document",
    )


def test_publishing_freezes_the_case_document_and_attaches_its_pdf(case, administrator, client_for):
    version = case_document_publish(case=case, user=administrator)
    attachment = Attachment.objects.get(case=case)
    with attachment.file.open("rb") as stored:
        attached = stored.read()
    with version.pdf.open("rb") as stored:
        assert stored.read() == attached
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(attached)).pages)
    assert "1 864 000 kr".replace(" ", "\xa0") in text or "1 864 000 kr" in text
    assert "Side 1 av" in text

    ServerCount.objects.create(
        agreement=SecurityAgreement.objects.get(), date=datetime.date(2024, 2, 10), count=430
    )
    board = client_for(Role.BOARD_MEMBER).get(URL).content.decode()
    assert "1\xa0864\xa0000\xa0kr" in board
    draft = client_for(Role.ADMINISTRATOR).get(URL + "utkast/").content.decode()
    assert "2\xa0036\xa0200\xa0kr" in draft  # 12 × 136 350 + 400 000 for 430 servers


def test_the_case_pdf_download(case, administrator, client_for):
    case_document_publish(case=case, user=administrator)
    response = client_for(Role.FINANCE).get(URL + "pdf/")
    assert response["Content-Disposition"] == 'attachment; filename="saksframlegg-2024-M1-004.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_drafts_of_case_documents_are_for_administrators_only(case, client_for):
    for role in (Role.BOARD_MEMBER, Role.FINANCE):
        assert client_for(role).get(URL + "utkast/").status_code == 404
        assert client_for(role).get(URL + "utkast/pdf/").status_code == 404
    assert client_for(Role.ADMINISTRATOR).get(URL + "utkast/").status_code == 200
    assert client_for(None).get(URL).status_code == 302


def test_an_unpublished_case_document_says_so(case, client_for):
    html = client_for(Role.BOARD_MEMBER).get(URL).content.decode()
    assert client_for(Role.BOARD_MEMBER).get(URL + "pdf/").status_code == 404
    assert "2024/M1-004 Sikkerhetspartner" in html


def test_a_case_of_an_unpublished_meeting_does_not_exist_for_the_board(client_for):
    meeting = BoardMeetingFactory(number="2024/M9", date=datetime.date(2024, 9, 1))
    CaseFactory(meeting=meeting, number="2024/M9-001", published_at=None)
    assert client_for(Role.BOARD_MEMBER).get("/saker/2024-M9-001/").status_code == 404
    assert client_for(Role.ADMINISTRATOR).get("/saker/2024-M9-001/").status_code == 200


def test_publishing_from_the_admin(case, client_for):
    admin = client_for(Role.ADMINISTRATOR)
    page = admin.get(f"/admin/reports/case/{case.pk}/publiser/")
    assert page.status_code == 200
    # Without the confirmation page's version number nothing is published.
    admin.post(f"/admin/reports/case/{case.pk}/publiser/")
    assert case.document_versions.count() == 0
    response = admin.post(
        f"/admin/reports/case/{case.pk}/publiser/", {"next_version": "1"}, follow=True
    )
    assert case.document_versions.count() == 1
    assert Case.objects.get(pk=case.pk).attachments.count() == 1
    assert response.status_code == 200


def test_texts_saved_from_a_browser_keep_their_tables_in_place(case, client_for):
    """A textarea's line breaks come as CR LF: a placeholder line ending in CR was shown
    as «[[costs]]» and its table moved to the end of the section."""
    agreement = SecurityAgreement.objects.get()
    for field in ("costs_first_year_notes", "costs_later_notes"):
        setattr(agreement, field, getattr(agreement, field).replace("\n", "\r\n"))
    agreement.save()
    html = client_for(Role.ADMINISTRATOR).get(URL + "utkast/").content.decode()
    assert "[[" not in html
    assert html.count("<table") >= 4
