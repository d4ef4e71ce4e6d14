"""The meeting book (møtebok): the demo's meeting 2024/M1 made into one PDF/A, read
back page by page, and its versions, background making and download."""

import datetime
import hashlib
import io
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from meetings import book_tasks
from meetings.book import book_papers, latest_book
from meetings.book_pdf import book_html, placeholder_id, readable_pdf
from meetings.book_tasks import make_meeting_book
from meetings.models import BoardMember, MeetingBook
from reports.models import Attachment, BoardMeeting, Case
from reports.publishing import case_publish
from ror_portal.models import Municipality
from tests.factories import AttachmentFactory, BoardMeetingFactory, CaseFactory
from tests.reports.printed import pages_of
from tests.tools import require

# The PDFs are made the same on any database: the SQLite pass only.
pytestmark = pytest.mark.database_independent

HEADER = "Samarbeidsrådet for ROR-IKT - 14.02.2024"
SECRET_WORD = "Kvitveisplanen"  # the draft case's title: never in the book while a draft


def attachment_pdf() -> bytes:
    """Two pages with words of their own, as an uploaded PDF attachment."""
    from reports.pdf_writer import write_pdf

    return write_pdf(
        '<html lang="nb"><head><title>Vedlegg</title></head><body>'
        "<p>Risikovurdering side en</p>"
        '<p style="break-before: page">Risikovurdering side to</p></body></html>'
    )


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as pdftotext lays it out, its runs of spaces made one."""
    return ["\n".join(lines) for lines in pages_of(pdf)]


def first_page_with(texts: list[str], words: str, *, after: int = 0) -> int:
    """The number of the first page after page ``after`` that has the words."""
    return next(number for number, text in enumerate(texts, 1) if number > after and words in text)


def demo_meeting_with_papers() -> BoardMeeting:
    """The demo's meeting with what the demo lacks: a time and place, two more members
    called, a PDF attachment and a draft case."""
    call_command("demo", stdout=io.StringIO())
    meeting = BoardMeeting.objects.get(number="2024/M1")
    meeting.starts_at, meeting.place = datetime.time(9, 30), "Storgata 33, Molde"
    meeting.save()
    molde, _ = Municipality.objects.get_or_create(
        name="Molde", defaults={"slug": "molde", "member_from": datetime.date(2020, 1, 1)}
    )
    since = datetime.date(2023, 1, 1)
    BoardMember.objects.create(name="Kari Nordmann", municipality=molde, serves_from=since)
    BoardMember.objects.create(
        name="Ola Vara", municipality=molde, role=BoardMember.Role.DEPUTY, serves_from=since
    )
    orientation = Case.objects.get(number="2024/M1-005")
    Attachment.objects.create(
        case=orientation,
        title="Risikovurdering",
        file=ContentFile(attachment_pdf(), name="2024.02.14 - Risikovurdering.pdf"),
    )
    CaseFactory(meeting=meeting, number="2024/M1-006", title=SECRET_WORD, published_at=None)
    return meeting


@pytest.fixture(scope="module")
def _book_of_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo meeting's book made once for these tests (WeasyPrint takes seconds),
    its files in a folder of the module's; rolled back after the last test."""
    files = tmp_path_factory.mktemp("book-files")
    with (
        override_settings(MEDIA_ROOT=files / "media"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        meeting = demo_meeting_with_papers()
        number = make_meeting_book.call(meeting.pk)
        book = MeetingBook.objects.get(meeting=meeting, number=number)
        pdf = book.pdf.read()
        yield files, book, pdf, page_texts(pdf)
        transaction.set_rollback(True)


@pytest.fixture
def made(_book_of_module, db, settings):
    """The book, the PDF and its pages' texts; each test's changes rolled back after it."""
    files, book, pdf, texts = _book_of_module
    settings.MEDIA_ROOT = files / "media"
    return book, pdf, texts


def test_every_page_has_the_header_and_the_books_page_number(made):
    book, _pdf, texts = made
    assert book.pages == len(texts) > 6
    for number, text in enumerate(texts, 1):
        first_line = next(line for line in text.splitlines() if line.strip())
        assert first_line == f"{HEADER} {number}", f"page {number}"


def test_the_front_page_calls_the_members_and_lists_the_agenda(made):
    _book, _pdf, texts = made
    front = texts[0]
    meeting = gettext("Meeting %(number)s") % {"number": "2024/M1"}  # «Møte 2024/M1»
    for words in [meeting, "14.02.2024", "09:30", "Storgata 33, Molde", "Kari Nordmann"]:
        assert words in front
    assert SECRET_WORD not in "\n".join(texts)  # the draft case: no sheet either
    # Each municipality's members before its deputies.
    assert front.index("Kari Nordmann") < front.index("Ola Vara")
    assert SECRET_WORD not in front


def test_the_agendas_page_numbers_are_where_each_sheet_starts(made):
    _book, _pdf, texts = made
    agenda = {
        match[1]: int(match[2])
        for match in re.finditer(r"^(2024/M1-\d{3}) .*?\.{3,} ?(\d+)$", texts[0], re.MULTILINE)
    }
    assert set(agenda) == {f"2024/M1-00{n}" for n in range(1, 6)}
    for number, page in agenda.items():
        sheet = texts[page - 1]
        assert re.search(rf"^{re.escape(number)} ", sheet.split(HEADER)[1].strip(), re.M), number


def test_each_sheet_comes_before_its_documents(made):
    _book, _pdf, texts = made
    sheet = first_page_with(texts, "Saksbehandler: Alfarnes, Kristin")
    assert "2024/M1-004 Sikkerhetspartner" in texts[sheet - 1]
    assert "Vedtak" in texts[sheet - 1] and "Vedlegg" in texts[sheet - 1]
    # The reference's case sheet of 2024/M1-004.
    assert "Saken gjelder anskaffelse av sikkerhetspartner." in texts[sheet - 1]
    assert "2024.02.14 - Saksframlegg Sikkerhetspartner.pdf" in texts[sheet - 1]
    case_document = first_page_with(texts, "Saksframlegg 2024/M1-004")
    assert sheet < case_document
    report_sheet = first_page_with(texts, "2024/M1-003 Månedsrapport", after=1)
    assert report_sheet < first_page_with(texts, "1 REGNSKAP 2023") < sheet


def test_the_frozen_documents_own_footers_are_not_printed(made):
    _book, _pdf, texts = made
    everything = "\n".join(texts)
    assert "Side 1 av" not in everything
    assert "Versjon 1 · publisert" not in everything


def test_pdf_attachment_pages_are_in_the_book_with_its_header_and_numbers(made):
    _book, _pdf, texts = made
    sheet = first_page_with(texts, "2024/M1-005 Orienteringssaker", after=1)
    assert "Risikovurdering" in texts[sheet - 1]  # listed on the sheet
    first = first_page_with(texts, "Risikovurdering side en")
    assert first == sheet + 1
    assert "Risikovurdering side to" in texts[first]
    assert texts[first].splitlines()[0] == f"{HEADER} {first + 1}"


def test_the_case_documents_own_pdf_is_not_in_the_book_twice(made):
    _book, _pdf, texts = made
    # The case document is printed once, from its frozen HTML.
    assert sum("Saksframlegg 2024/M1-004" in text for text in texts) == 1


def test_the_book_is_archival_tagged_titled_in_norwegian(made):
    _book, pdf, _texts = made
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp or 'pdfaid:part="2"' in xmp
    # «Møtebok – Samarbeidsrådet for ROR-IKT 14.02.2024»
    assert reader.metadata.title == gettext("Meeting book – %(body)s %(date)s") % {
        "body": "Samarbeidsrådet for ROR-IKT",
        "date": "14.02.2024",
    }
    assert reader.metadata.author == "ROR-IKT"
    assert reader.metadata.producer.startswith("WeasyPrint")  # as its XMP says


def test_the_attachments_pages_are_added_to_weasyprints_pdf_as_it_is(made):
    """An incremental update: WeasyPrint's compressed file, then the pages drawn on.
    Rewritten whole by pypdf, the book was four times as large (1 MB)."""
    _book, pdf, _texts = made
    assert pdf.count(b"%%EOF") == 2
    assert len(pdf) < 400_000


def test_every_font_is_embedded(made, tmp_path):
    _book, pdf, _texts = made
    pdffonts = require("pdffonts", "apt-get install poppler-utils")
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        [pdffonts, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    assert all(line.split()[-5] == "yes" for line in listing), listing


def test_the_book_records_its_pdf_and_what_went_in(made):
    book, pdf, _texts = made
    assert book.number == 1
    assert book.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert book.contents == book_papers(book.meeting).contents


def test_an_unchanged_meeting_makes_no_new_version(made):
    book, _pdf, _texts = made
    assert make_meeting_book.call(book.meeting.pk) == 1
    assert book.meeting.books.count() == 1


def test_publishing_a_case_makes_a_new_version_in_the_background(
    made, settings, tmp_path, django_capture_on_commit_callbacks
):
    book, _pdf, _texts = made
    settings.MEETING_BOOK_IN_BACKGROUND = True
    draft = Case.objects.get(number="2024/M1-006")
    admin = get_user_model().objects.get(username="admin")
    with django_capture_on_commit_callbacks(execute=True):
        case_publish(case=draft, user=admin)
    newest = latest_book(book.meeting)
    assert newest.number == 2
    texts = page_texts(newest.pdf.read())
    assert newest.pages == len(texts) == book.pages + 1
    assert f"2024/M1-006 {SECRET_WORD}" in texts[0]  # on the agenda
    assert first_page_with(texts, f"2024/M1-006 {SECRET_WORD}", after=1)  # its sheet


def test_a_book_that_fails_to_save_leaves_no_file(made, monkeypatch):
    book, _pdf, _texts = made
    Case.objects.filter(number="2024/M1-005").update(title="Orienteringssaker i februar")
    monkeypatch.setattr(book_tasks, "book_pdf", lambda papers: (b"%PDF-1.7 bok", 1))

    def refused(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(MeetingBook, "save", refused)
    folder = Path(book.pdf.path).parent.parent
    stored_before = set(folder.rglob("*.pdf"))  # the module's tests share the folder
    with pytest.raises(RuntimeError):
        make_meeting_book.call(book.meeting.pk)
    monkeypatch.undo()
    assert book.meeting.books.count() == 1
    assert set(folder.rglob("*.pdf")) == stored_before


def board_client(client):
    client.force_login(get_user_model().objects.get(username="styremedlem"))
    return client


def test_a_board_member_downloads_the_book(made, client):
    book, _pdf, _texts = made
    response = board_client(client).get(reverse("meetings:book", args=["2024-M1"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="motebok-2024-M1.pdf"' in response["Content-Disposition"]
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == book.pdf_sha256


def test_the_meeting_page_links_the_book_with_its_pages(made, client):
    book, _pdf, _texts = made
    page = board_client(client).get(reverse("meetings:meeting", args=["2024-M1"])).content.decode()
    link = reverse("meetings:book", args=["2024-M1"])
    assert f'href="{link}"' in page
    assert f"PDF, {book.pages} " in page


def test_a_changed_meeting_is_made_by_the_worker_while_the_reader_waits(
    made, client, monkeypatch, django_capture_on_commit_callbacks
):
    book, _pdf, _texts = made
    Case.objects.filter(number="2024/M1-005").update(title="Orienteringssaker i februar")
    queued = []
    monkeypatch.setattr(book_tasks, "enqueue_after_commit", lambda task, pk: queued.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = board_client(client).get(reverse("meetings:book", args=["2024-M1"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b'http-equiv="refresh" content="5; url=?venter=1"' in response.content
    assert queued == [book.meeting.pk]
    assert book.meeting.books.count() == 1  # nothing made in the request
    # Two minutes of reloads without a book (the worker down): the page stops and says so.
    url = reverse("meetings:book", args=["2024-M1"])
    with django_capture_on_commit_callbacks(execute=True):
        response = board_client(client).get(f"{url}?venter=24")
    assert response.status_code == 503
    assert b"http-equiv" not in response.content
    assert "Møteboka kunne ikke lages nå" in response.content.decode()
    assert queued == [book.meeting.pk]  # not queued again


def test_a_meeting_with_drafts_only_has_no_book(made, client):
    meeting = BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13))
    CaseFactory(meeting=meeting, number="2024/M2-001", published_at=None)
    response = board_client(client).get(reverse("meetings:book", args=["2024-M2"]))
    assert response.status_code == 404
    # Not for an administrator either, who sees the meeting's page without a book's link.
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get(reverse("meetings:book", args=["2024-M2"])).status_code == 404
    page = client.get(reverse("meetings:meeting", args=["2024-M2"]))
    assert page.status_code == 200
    assert b"/motebok/" not in page.content
    # Once the board has a case of it, the link is there before the worker made a book.
    Case.objects.filter(number="2024/M2-001").update(published_at=timezone.now())
    page = client.get(reverse("meetings:meeting", args=["2024-M2"])).content.decode()
    assert f'href="{reverse("meetings:book", args=["2024-M2"])}">Last ned møteboka (PDF)<' in page


def test_the_book_is_for_signed_in_readers(made, client):
    url = reverse("meetings:book", args=["2024-M1"])
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_a_pdf_attachment_pypdf_cannot_read_stays_on_the_sheet_only(db):
    meeting = BoardMeetingFactory(number="2025/M9", date=datetime.date(2025, 9, 10))
    attachment = AttachmentFactory(
        title="Ødelagt",
        case=CaseFactory(meeting=meeting, number="2025/M9-001"),
        file=ContentFile(b"%PDF-1.7 ikke en PDF", name="x.pdf"),
    )
    papers = book_papers(attachment.case.meeting)
    assert papers.cases[0].pdf_attachments == [attachment]
    assert readable_pdf(attachment) is None
    html = book_html(papers, {})
    assert "Ødelagt" in html  # on the sheet's list
    assert placeholder_id(attachment.pk, 0) not in html


def test_reloads_of_the_waiting_page_queue_one_task(
    made, client, settings, django_capture_on_commit_callbacks
):
    """While a book waits for the worker (the database queue, as in production), the
    page's reloads queue no second one."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    Case.objects.filter(number="2024/M1-005").update(title="Orienteringssaker i mars")
    url = reverse("meetings:book", args=["2024-M1"])
    reader = board_client(client)
    for reloads in ("", "?venter=1", "?venter=2"):
        with django_capture_on_commit_callbacks(execute=True):
            assert reader.get(url + reloads).status_code == 200
    waiting = DBTaskResult.objects.ready().filter(task_path=make_meeting_book.module_path)
    assert [result.args_kwargs["args"] for result in waiting] == [[made[0].meeting.pk]]
