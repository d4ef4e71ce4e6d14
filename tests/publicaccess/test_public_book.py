"""The public edition of the meeting book (publicaccess.book_edition): the demo's meeting
2024/M1 with a case under a public title, a withheld passage of its proposal, a
withheld attachment and a case withheld whole, besides the demo's withheld part of the
SOC+ case document. Read back through pdftotext, as a member of the public reads it."""

import datetime
import hashlib
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdf
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils.translation import gettext

from meetings import book_tasks
from meetings.book import book_papers, latest_book
from meetings.book_tasks import make_meeting_book
from meetings.models import MeetingBook
from publicaccess.book_edition import make_public_book
from publicaccess.models import LegalBasis, PublicEdition, Withholding
from reports.models import Attachment, BoardMeeting, Case
from reports.rendering import print_edition
from ror_portal.withholding import withheld_text
from tests.factories import CaseFactory

# The PDFs are made the same on any database: the SQLite pass only.
pytestmark = pytest.mark.database_independent

SECURITY = "offl. § 24 tredje ledd"
TITLE_WORD = "Svartkattangrepet"  # in the full title of 2024/M1-005 only
PASSAGE = "Brannmuren hos Fjellsnokkommunen står åpen mot internett."
PASSAGE_WORD = "Fjellsnokkommunen"
ATTACHMENT_TITLE = "Loggutdrag fra Blåklokkeserveren"
ATTACHMENT_WORD = "Tyttebærkoden"  # on the withheld attachment's page
WHOLE_PROPOSAL = "Protokollen fra forrige møte godkjennes."  # of 2024/M1-002, withheld whole
TECHNICAL_SET_UP = "Georedundant"  # in the SOC+ case document's part 4 (the demo's marking)
CASE_DOCUMENT_PDF = "2024.02.14 - Saksframlegg Sikkerhetspartner.pdf"  # the board's, attached
DRAFT_WORD = "Kvitveisplanen"  # a draft case's title: in neither book

# What the public edition leaves out, and the board's book has.
WITHHELD = [
    TITLE_WORD,
    PASSAGE_WORD,
    ATTACHMENT_TITLE,
    ATTACHMENT_WORD,
    WHOLE_PROPOSAL,
    TECHNICAL_SET_UP,
    CASE_DOCUMENT_PDF,
]


def one_page_pdf(text: str) -> bytes:
    from reports.pdf_writer import write_pdf

    return write_pdf(
        f'<html lang="nb"><head><title>Vedlegg</title></head><body><p>{text}</p></body></html>'
    )


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, every run of white space one space: pdftotext's where installed,
    else pypdf's."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "book.pdf"
            path.write_bytes(pdf)
            text = subprocess.run(
                [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
            ).stdout.decode("utf-8")
    else:
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def mark(**fields) -> Withholding:
    return Withholding.objects.create(
        basis=LegalBasis.objects.get(label=SECURITY), more_access=False, **fields
    )


def marked_meeting() -> BoardMeeting:
    call_command("demo", stdout=io.StringIO())
    meeting = BoardMeeting.objects.get(number="2024/M1")
    orientation = Case.objects.get(number="2024/M1-005")
    orientation.title = f"Orienteringssaker om {TITLE_WORD}"
    orientation.public_title = "Orienteringssaker"
    orientation.proposed_decision += f"\n\n{PASSAGE}"
    orientation.save()
    mark(case=orientation, part=Withholding.Part.PROPOSAL, passage=PASSAGE)
    logs = Attachment.objects.create(
        case=orientation,
        title=ATTACHMENT_TITLE,
        file=ContentFile(one_page_pdf(f"Loggen viser {ATTACHMENT_WORD}"), name="logg.pdf"),
    )
    mark(case=orientation, part=Withholding.Part.ATTACHMENT, attachment=logs)
    Attachment.objects.create(
        case=orientation,
        title="Risikovurdering",
        file=ContentFile(one_page_pdf("Risikovurdering side en"), name="risiko.pdf"),
    )
    mark(case=Case.objects.get(number="2024/M1-002"), part=Withholding.Part.WHOLE)
    CaseFactory(meeting=meeting, number="2024/M1-006", title=DRAFT_WORD, published_at=None)
    return meeting


@pytest.fixture(scope="module")
def _books_of_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The meeting's book and its public edition, made once for these tests (WeasyPrint
    takes seconds); rolled back after the last test."""
    files = tmp_path_factory.mktemp("public-book-files")
    with (
        override_settings(MEDIA_ROOT=files / "media"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        meeting = marked_meeting()
        book = MeetingBook.objects.get(meeting=meeting, number=make_meeting_book.call(meeting.pk))
        edition = PublicEdition.objects.get(kind=PublicEdition.Kind.MEETING_BOOK, object_id=book.pk)
        board_text = pdf_text(book.pdf.read())
        public_pdf = edition.pdf.read()
        yield files, book, edition, board_text, public_pdf, pdf_text(public_pdf)
        transaction.set_rollback(True)


@pytest.fixture
def made(_books_of_module, db, settings):
    files, *made = _books_of_module
    settings.MEDIA_ROOT = files / "media"
    return made


def test_the_public_book_has_the_public_titles_and_the_withheld_lines(made):
    book, _edition, _board, _pdf, public = made
    assert "2024/M1-005 Orienteringssaker" in public
    line = withheld_text(SECURITY)  # «Unntatt offentlighet, offl. § 24 tredje ledd»
    # The passage, the attachment, the case withheld whole and the case document's part.
    assert public.count(line) >= 4
    assert "Risikovurdering side en" in public  # an attachment not withheld: its page
    assert print_edition(book, public=True) in public  # every footer: the public edition


@pytest.mark.parametrize("word", WITHHELD)
def test_nothing_withheld_is_in_the_public_book(made, word):
    _book, edition, _board, _pdf, public = made
    assert word not in public
    assert word not in edition.text


@pytest.mark.parametrize("word", WITHHELD)
def test_the_boards_book_still_has_it(made, word):
    _book, _edition, board, _pdf, _public = made
    assert word in board


def test_a_case_withheld_whole_is_its_number_public_title_and_the_line(made):
    _book, _edition, _board, _pdf, public = made
    sheet = public.split("2024/M1-002 Godkjenning av protokoll fra forrige møte")[-1]
    assert sheet.split("2024/M1-003")[0].strip().startswith(withheld_text(SECURITY))
    handler = gettext("Case handler") + ":"  # «Saksbehandler:», on a sheet only
    assert public.count(handler) == 4  # the other four cases' sheets


def test_the_public_edition_records_the_book_and_its_file(made):
    book, edition, _board, pdf, _public = made
    assert edition.version == book
    assert edition.content_type == ContentType.objects.get_for_model(MeetingBook)
    assert (edition.meeting, edition.slug, edition.number) == (book.meeting, "2024-M1", 1)
    assert edition.title == gettext("Meeting book %(number)s") % {"number": "2024/M1"}
    assert not edition.html
    assert edition.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert edition.published_at == book.made_at
    assert sorted(item["basis"] for item in edition.withheld) == [SECURITY] * 4
    assert "2024/M1-005 Orienteringssaker" in edition.text


def test_the_withheld_list_names_nothing_withheld(made):
    _book, edition, _board, _pdf, _public = made
    listed = str(edition.withheld)
    assert TITLE_WORD not in listed and ATTACHMENT_TITLE not in listed


def test_a_marking_saved_or_deleted_queues_the_book(made, settings, monkeypatch):
    book, _edition, _board, _pdf, _public = made
    settings.MEETING_BOOK_IN_BACKGROUND = True
    queued = []
    monkeypatch.setattr(book_tasks, "enqueue_after_commit", lambda task, pk: queued.append(pk))
    marking = mark(case=Case.objects.get(number="2024/M1-001"), part=Withholding.Part.DECISION)
    marking.delete()
    assert queued == [book.meeting.pk] * 2


def test_a_changed_marking_makes_a_new_book_and_public_edition(made):
    book, edition, _board, _pdf, _public = made
    assert make_meeting_book.call(book.meeting.pk) == 1  # nothing changed
    Withholding.objects.get(case__number="2024/M1-002").delete()
    assert book_papers(book.meeting).contents != book.contents
    assert make_meeting_book.call(book.meeting.pk) == 2
    newest = PublicEdition.objects.get(kind=PublicEdition.Kind.MEETING_BOOK, number=2)
    assert newest.version == latest_book(book.meeting)
    assert WHOLE_PROPOSAL in newest.text
    # The first public edition stays as it was.
    edition.refresh_from_db()
    assert WHOLE_PROPOSAL not in edition.text
    assert hashlib.sha256(edition.pdf.read()).hexdigest() == edition.pdf_sha256


def test_a_marked_passage_gone_from_its_text_leaves_the_public_edition_unmade(made):
    book, _edition, _board, _pdf, _public = made
    Case.objects.filter(number="2024/M1-005").update(proposed_decision="Tas til orientering.")
    later = MeetingBook.objects.create(
        meeting=book.meeting,
        number=9,
        pdf=book.pdf.name,
        pdf_sha256=book.pdf_sha256,
        contents="",
        pages=book.pages,
        made_at=book.made_at + datetime.timedelta(hours=1),
    )
    assert make_public_book(later, book_papers(book.meeting)) is None
    assert not PublicEdition.objects.filter(kind=PublicEdition.Kind.MEETING_BOOK, number=9)


def test_a_draft_case_is_in_neither_book(made):
    _book, edition, board, _pdf, public = made
    assert DRAFT_WORD not in board
    assert DRAFT_WORD not in public and DRAFT_WORD not in edition.text
