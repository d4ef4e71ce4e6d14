"""The public's pages as an anonymous visitor sees them: what is public is shown, under
its public title; drafts, board-only text and withheld files are not."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import MeetingNotice
from reports.models import Attachment
from tests.html_validator import html_errors
from tests.publicaccess.public_data import BASIS, MARKER, PUBLIC_WORD

pytestmark = pytest.mark.django_db


def csv_url(edition, section):
    return reverse("publicaccess:csv", args=[edition.slug, edition.number, section])


def test_the_front_page_lists_public_meetings_and_editions_only(client, public_data):
    response = client.get(reverse("publicaccess:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("publicaccess:meeting", args=["2024-M1"]) in page
    assert public_data.edition.get_absolute_url() in page
    assert reverse("publicaccess:feed") in page
    assert 'action="/innsyn/sok/"' in page
    assert "2024/M2" not in page  # only a draft case
    assert MARKER not in page


def test_the_meeting_page_shows_the_agenda_under_public_titles(client, public_data):
    page = client.get(reverse("publicaccess:meeting", args=["2024-M1"])).content.decode()

    assert "2024/M1-004 Sikkerhetspartner</li>" in page
    assert MARKER not in page  # neither the full title nor the draft case
    assert "2024/M1-005" not in page
    assert public_data.edition.get_absolute_url() in page
    assert public_data.edition.pdf_url in page
    assert reverse("publicaccess:attachment", args=[public_data.public_attachment.pk]) in page
    assert reverse("publicaccess:attachment", args=[public_data.withheld_attachment.pk]) not in page


def test_a_meeting_with_only_drafts_is_not_found(client, public_data):
    response = client.get(reverse("publicaccess:meeting", args=["2024-M2"]))

    assert response.status_code == 404


def test_a_meeting_is_public_once_its_notice_is_sent(client, public_data, administrator):
    MeetingNotice.objects.create(
        meeting=public_data.draft_meeting, sent_by=administrator, sent_at=timezone.now()
    )

    response = client.get(reverse("publicaccess:meeting", args=["2024-M2"]))

    assert response.status_code == 200
    assert "2024/M2-001" not in response.content.decode()  # its case is still a draft
    assert MARKER not in response.content.decode()


def test_the_edition_page_shows_the_public_edition_and_what_is_withheld(client, public_data):
    response = client.get(public_data.edition.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert PUBLIC_WORD in page
    assert 'class="withheld"' in page
    assert BASIS in page
    assert 'class="public-label"' in page
    assert public_data.edition.pdf_url in page
    assert MARKER not in page
    assert response["Last-Modified"]


def test_an_edition_not_published_is_not_found(client, public_data):
    edition = public_data.edition
    url = reverse("publicaccess:edition", args=[edition.kind, edition.slug, edition.number + 1])

    assert client.get(url).status_code == 404


def test_the_pdf_is_the_stored_public_edition(client, public_data):
    edition = public_data.edition

    response = client.get(edition.pdf_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert b"".join(response.streaming_content) == edition.pdf.open("rb").read()
    assert response["ETag"] == f'"{edition.pdf_sha256[:32]}"'


def test_a_public_block_has_its_csv_and_a_withheld_block_none(client, public_data):
    edition = public_data.edition

    public = client.get(csv_url(edition, public_data.public_block))
    withheld = client.get(csv_url(edition, public_data.withheld_block))

    assert public.status_code == 200
    assert public["Content-Type"] == "text/csv; charset=utf-8"
    assert public.content.decode().startswith("\ufeffBegrep")
    assert public["Content-Disposition"].startswith("attachment; filename=")
    assert withheld.status_code == 404
    assert public_data.withheld_block in public_data.version.block_data


def test_only_public_attachments_are_served(client, public_data):
    def status(attachment):
        return client.get(reverse("publicaccess:attachment", args=[attachment.pk])).status_code

    assert status(public_data.public_attachment) == 200
    assert status(public_data.withheld_attachment) == 404
    assert status(public_data.draft_attachment) == 404
    assert client.get(reverse("publicaccess:attachment", args=[999_999])).status_code == 404


def test_the_boards_case_document_pdf_is_never_served(client, public_data):
    """The case document's PDF kept as an attachment is the board's: the public reads
    the public edition instead."""
    board_pdf = Attachment.objects.create(
        case=public_data.case,
        title="2024.02.14 - Saksframlegg Sikkerhetspartner",
        file=ContentFile(b"%PDF-1.7 styret", name="saksframlegg-2024-M1-004-v1.pdf"),
    )

    response = client.get(reverse("publicaccess:attachment", args=[board_pdf.pk]))
    meeting = client.get(reverse("publicaccess:meeting", args=["2024-M1"])).content.decode()

    assert response.status_code == 404
    assert reverse("publicaccess:attachment", args=[board_pdf.pk]) not in meeting


def test_a_withheld_case_keeps_every_attachment(client, public_data, administrator):
    from tests.publicaccess.public_data import withhold

    withhold(administrator, case=public_data.case, part="whole")

    response = client.get(
        reverse("publicaccess:attachment", args=[public_data.public_attachment.pk])
    )

    assert response.status_code == 404


def test_the_public_pages_are_valid_html(client, public_data):
    edition = public_data.edition
    pages = {
        url: client.get(url).content.decode()
        for url in [
            reverse("publicaccess:index"),
            reverse("publicaccess:meeting", args=["2024-M1"]),
            edition.get_absolute_url(),
            reverse("publicaccess:search"),
            reverse("publicaccess:search") + f"?q={PUBLIC_WORD}",
            reverse("publicaccess:search") + "?q=" + "x" * 300,
        ]
    }
    assert html_errors(pages) == []


def test_a_changed_stored_file_is_not_served(client, public_data):
    edition = public_data.edition
    with open(edition.pdf.path, "wb") as stored:
        stored.write(b"%PDF-1.7 changed")

    response = client.get(edition.pdf_url)

    assert response.status_code == 503
    assert "public" not in response["Cache-Control"]
