"""Nothing withheld or drafted reaches the public: every page, PDF (read back with
pdftotext), CSV, attachment and the feed under /innsyn/, crawled from the front page as
an anonymous visitor, is without the word only the board's papers and drafts have."""

import io
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from meetings.book_tasks import make_meeting_book
from meetings.minutes import MINUTES
from meetings.models import Attendance, MinutesVersion
from publicaccess.archive_package import build_package
from publicaccess.models import PublicEdition
from reports.publishing import publish
from tests.meetings.minutes_data import board_member
from tests.publicaccess.public_data import MARKER, PUBLIC_PARAGRAPH
from tests.reports.printed import document_text

pytestmark = pytest.mark.django_db
LINK = re.compile(r'(?:href|action)="(/innsyn/[^"#?]*)"')


def readable(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == "application/pdf" and content.startswith(b"%PDF-1.7 "):
        return content.decode()  # a test's stand-in attachment, not a real PDF
    if response["Content-Type"] == "application/pdf" or content.startswith(b"%PDF"):
        return pdf_text(content)
    return content.decode()


def crawled(client) -> dict[str, str]:
    """Every /innsyn/ address reachable from the front page and the feed, and its text."""
    seen: dict[str, str] = {}
    waiting = [reverse("publicaccess:index"), reverse("publicaccess:feed")]
    while waiting and len(seen) < 200:
        url = waiting.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = readable(response)
        waiting += LINK.findall(seen[url])
        waiting += re.findall(r'href="http://testserver(/innsyn/[^"#?]*)"', seen[url])
    return seen


def test_no_public_address_has_what_is_withheld_or_a_draft(client, public_data, administrator):
    meeting = public_data.report.meeting
    minutes = published_minutes(meeting, administrator)
    make_meeting_book.call(meeting.pk)
    pages = crawled(client)

    assert reverse("publicaccess:meeting", args=["2024-M1"]) in pages
    assert public_data.edition.get_absolute_url() in pages
    assert public_data.edition.pdf_url in pages
    assert reverse("publicaccess:attachment", args=[public_data.public_attachment.pk]) in pages
    assert any(url.endswith(".csv") for url in pages)
    public_book = PublicEdition.objects.get(kind=PublicEdition.Kind.MEETING_BOOK)
    assert {public_book.pdf_url, edition_of(minutes).pdf_url} <= set(pages)
    assert [url for url, text in pages.items() if has_marker(text)] == []
    assert any(PUBLIC_PARAGRAPH in text for text in pages.values())  # only the passage withheld
    search = client.get(reverse("publicaccess:search"), {"q": MARKER})
    assert search.context["hits"].total == 0
    # the board's own edition, and the withheld attachment, still have it
    assert MARKER in public_data.version.html.open("rb").read().decode()
    assert MARKER in public_data.withheld_attachment.file.open("rb").read().decode()
    assert MARKER in minutes.html.open("rb").read().decode()


def test_the_archive_packages_public_files_have_nothing_withheld(public_data, administrator):
    meeting = public_data.report.meeting
    published_minutes(meeting, administrator)
    make_meeting_book.call(meeting.pk)

    package = zipfile.ZipFile(io.BytesIO(build_package(meeting).data))

    public = [name for name in package.namelist() if name.endswith("/offentlig.pdf")]
    board = [name for name in package.namelist() if name.endswith("/styre.pdf")]
    assert len(public) == len(board) == 3  # the report, the minutes and the meeting book
    # Case-folded: a print stylesheet sets headings in capitals.
    assert [name for name in public if has_marker(pdf_text(package.read(name)))] == []
    assert [name for name in board if not has_marker(pdf_text(package.read(name)))] == []


def published_minutes(meeting, administrator) -> MinutesVersion:
    """The meeting's minutes, with its one member present, published."""
    Attendance.objects.create(
        meeting=meeting,
        member=board_member("Mona Molde", "molde"),
        status=Attendance.Status.PRESENT,
    )
    return publish(MINUTES, meeting, user=administrator, notify=False)


def has_marker(text: str) -> bool:
    return MARKER.casefold() in text.casefold()


def edition_of(version) -> PublicEdition:
    return PublicEdition.objects.get(
        content_type=ContentType.objects.get_for_model(version), object_id=version.pk
    )


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        return document_text(path)
