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
    from reports.models import Attachment, BoardMeeting, Case

    try:
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        meeting = BoardMeeting.objects.get(number="2024/M1")

        def make_anew() -> MeetingBook:
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
        summary("made, first (WeasyPrint loaded by the demo)", [first])
        summary("made, warm", timed(make_anew, args.runs))
        Attachment.objects.create(
            case=Case.objects.get(number="2024/M1-005"),
            title="Vedlegg",
            file=ContentFile(ten_pages(), name="vedlegg.pdf"),
        )
        book = make_anew()
        print(f"with a PDF attachment of 10 pages: {book.pdf.size} bytes, {book.pages} pages")
        summary("made with the attachment, warm", timed(make_anew, args.runs))
        summary("fingerprint (every download)", timed(lambda: book_papers(meeting).contents, 10))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
