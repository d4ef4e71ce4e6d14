"""Benchmark: the meeting book of the demo's meeting 2024/M1 (its published cases, the
case document and the January report), made by the task as the worker makes it.

On a fresh SQLite database in a temporary folder with the demo data. Prints the book's
size (bytes, pages) and the time to make it: cold, ``--runs`` times in a fresh process
each (Django set up, then the task: WeasyPrint and the fonts loaded by it); then in
this process, the first (the demo made its PDFs here, so WeasyPrint is loaded) and
``--runs`` more (warm), each a new version (the previous
one deleted, so that the task does not find the book up to date). The demo's book holds
the five cases' sheets, the January report and the SOC+ case document. Then the same
with a PDF attachment of 10 pages on the orientation case (its pages drawn into the
book by pypdf). Then the time to compute the fingerprint alone, which
every download of the book pays.

Each book is made with its public edition (publicaccess.book_edition, in the same
task): the figures above are of both; the public edition's size and pages are printed
beside the board's, and the time to make the public edition alone (warm) after them.

    .venv/bin/python bench/meeting_book.py [--runs 3]
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import scratch_django, summary, timed, timed_once  # noqa: E402

# The task in a process of its own, as a worker that has made no PDF yet: the
# database and media folder from the environment scratch_django set.
COLD = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ror_portal.test_settings")
sys.path.insert(0, {root!r})
import django
django.setup()
from meetings.book_tasks import make_meeting_book
from meetings.models import MeetingBook
from publicaccess.models import PublicEdition
PublicEdition.objects.filter(kind=PublicEdition.Kind.MEETING_BOOK).delete()
MeetingBook.objects.all().delete()
start = time.perf_counter()
make_meeting_book.call(int(sys.argv[1]))
print((time.perf_counter() - start) * 1000)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    folder = scratch_django()
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from meetings.book import book_papers
    from meetings.book_tasks import make_meeting_book
    from meetings.models import MeetingBook
    from publicaccess.book_edition import make_public_book
    from publicaccess.models import PublicEdition
    from reports.models import Attachment, BoardMeeting, Case

    try:
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        meeting = BoardMeeting.objects.get(number="2024/M1")

        public_books = PublicEdition.objects.filter(
            kind=PublicEdition.Kind.MEETING_BOOK, meeting=meeting
        )

        def make_anew() -> MeetingBook:
            public_books.delete()
            MeetingBook.objects.filter(meeting=meeting).delete()
            number = make_meeting_book.call(meeting.pk)
            return MeetingBook.objects.get(meeting=meeting, number=number)

        cold = [
            float(
                subprocess.run(
                    [sys.executable, "-c", COLD.format(root=str(ROOT)), str(meeting.pk)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()[-1]
            )
            for _ in range(args.runs)
        ]
        summary("made, cold (a fresh process each)", cold)
        book, first = timed_once(make_anew)
        print(f"meeting book 2024/M1: {book.pdf.size} bytes, {book.pages} pages")
        print_public_book(book)
        summary("made, first (WeasyPrint loaded by the demo)", [first])
        summary("made, warm", timed(make_anew, args.runs))

        def public_book_anew() -> None:
            public_books.delete()
            make_public_book(book, book_papers(meeting))

        summary("its public edition alone, warm", timed(public_book_anew, args.runs))
        Attachment.objects.create(
            case=Case.objects.get(number="2024/M1-005"),
            title="Vedlegg",
            file=ContentFile(ten_pages(), name="vedlegg.pdf"),
        )
        book = make_anew()
        print(f"with a PDF attachment of 10 pages: {book.pdf.size} bytes, {book.pages} pages")
        print_public_book(book)
        summary("made with the attachment, warm", timed(make_anew, args.runs))
        summary("fingerprint (every download)", timed(lambda: book_papers(meeting).contents, 10))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def print_public_book(book) -> None:
    import io

    from pypdf import PdfReader

    from publicaccess.models import PublicEdition

    edition = PublicEdition.objects.get(kind=PublicEdition.Kind.MEETING_BOOK, object_id=book.pk)
    pages = len(PdfReader(io.BytesIO(edition.pdf.read())).pages)
    print(f"  its public edition: {edition.pdf.size} bytes, {pages} pages")


def ten_pages() -> bytes:
    from reports.pdf_writer import write_pdf

    pages = "".join(
        f'<p style="break-before: page">Vedlegg, side {number}</p>' for number in range(1, 11)
    )
    return write_pdf(
        f'<html lang="nb"><head><title>Vedlegg</title></head><body>{pages}</body></html>'
    )


if __name__ == "__main__":
    main()
