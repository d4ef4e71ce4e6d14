"""Benchmark: the meeting book of the demo's meeting 2024/M1 (its published cases, the
case document and the January report), made by the task as the worker makes it.

On a fresh SQLite database in a temporary folder with the demo data. Prints the book's
size (bytes, pages) and the time to make it: the first in this process (not quite
cold: the demo made its PDFs, so WeasyPrint and the fonts are loaded), then ``--runs``
more (warm), each a new version (the previous
one deleted, so that the task does not find the book up to date). Then the same with
the standing case of the monthly report added (the demo has none), which puts the
January report in the book. Then the time to compute the fingerprint alone, which
every download of the book pays.

    .venv/bin/python bench/meeting_book.py [--runs 3]
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import scratch_django, summary, timed, timed_once  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    folder = scratch_django()
    from django.core.management import call_command
    from django.utils import timezone

    from meetings.book import book_papers
    from meetings.book_tasks import make_meeting_book
    from meetings.models import MeetingBook
    from reports.models import BoardMeeting, Case

    try:
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        meeting = BoardMeeting.objects.get(number="2024/M1")

        def make_anew() -> MeetingBook:
            MeetingBook.objects.filter(meeting=meeting).delete()
            number = make_meeting_book.call(meeting.pk)
            return MeetingBook.objects.get(meeting=meeting, number=number)

        book, cold = timed_once(make_anew)
        print(f"meeting book 2024/M1: {book.pdf.size} bytes, {book.pages} pages")
        summary("made, first (WeasyPrint loaded by the demo)", [cold])
        summary("made, warm", timed(make_anew, args.runs))
        Case.objects.create(
            meeting=meeting,
            number="2024/M1-003",
            title="Månedsrapport",
            handler="Gjørtz, Fred",
            kind=Case.Kind.ORIENTATION,
            standing=Case.Standing.MONTHLY_REPORT,
            published_at=timezone.now(),
        )
        book = make_anew()
        print(f"with the January report: {book.pdf.size} bytes, {book.pages} pages")
        summary("made with the report, warm", timed(make_anew, args.runs))
        summary("fingerprint (every download)", timed(lambda: book_papers(meeting).contents, 10))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
