"""Benchmark: publishing the January 2024 demo report through the admin, as a job for the
real task worker, and the draft PDF preview.

On a fresh SQLite database in a temporary folder (or BENCH_DATABASE_URL) with the demo
data (which publishes version 1). Prints, for the draft PDF preview, the first request
(no PDF made for this draft yet: it starts a job), the worker and the request after (the
PDF from the cache); then for two publishes one after the other, each after a text is
corrected (a version that changes nothing is refused):
the confirmation's POST (the job queued), the worker's run of the publish task (its own
started/finished times, and the whole worker process with its start-up and peak RSS),
and whether WeasyPrint ran (a PDF added to the cache, reports.pdf) or the PDF was reused.

    .venv/bin/python bench/publish_job.py
"""

import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from task_worker import cached_pdfs, demo_for_the_worker, run_queued_job, run_worker, task_seconds
from timing import timed_once


def main() -> None:
    folder, report, client, _ = demo_for_the_worker()
    from django.conf import settings
    from django.urls import reverse

    from reports.models import ReportVersion
    from reports.pdf import PDF_CACHE
    from reports.publishing import next_version_number

    # The draft's PDF on request, as before reports/draft_pdf.py (bench/draft_pdf.py
    # times it made in the background): the worker makes no PDF but the job's.
    os.environ["DRAFT_PDF_IN_BACKGROUND"] = "false"

    def weasyprint_ran(before: int) -> str:
        added = cached_pdfs() - before
        return f"WeasyPrint ran (cached PDFs +{added})" if added else "PDF reused from the cache"

    idle_seconds, idle_mb = run_worker(folder, debug=True)
    print(f"worker on an empty queue: {idle_seconds:.2f} s, peak RSS {idle_mb:.1f} MB")

    print("Draft PDF preview")
    pdf_url = reverse("reports:draft_pdf", args=[report.slug])
    # The demo's publish made this very PDF (the print HTML names no version): forget it,
    # to time the preview of a draft not made into a PDF yet.
    shutil.rmtree(Path(settings.MEDIA_ROOT) / PDF_CACHE, ignore_errors=True)
    before = cached_pdfs()
    first, first_ms = timed_once(lambda: client.get(pdf_url))
    print(f"  first request          {first_ms:8.1f} ms  HTTP {first.status_code} -> "
          f"{first.get('Location', first.get('Content-Type'))}")  # fmt: skip
    if first.status_code == 302:
        worker_s, worker_mb = run_worker(folder, debug=True)
        print(f"  worker: task {task_seconds('make_draft_pdf'):.2f} s, process {worker_s:.2f} s,"
              f" peak RSS {worker_mb:.1f} MB; {weasyprint_ran(before)}")  # fmt: skip
    after, after_ms = timed_once(lambda: client.get(pdf_url))
    print(f"  request after          {after_ms:8.1f} ms  HTTP {after.status_code} "
          f"{after.get('Content-Type')}, {len(after.content) / 1024:.0f} kB")  # fmt: skip

    publish_url = reverse("admin:reports_monthlyreport_publish", args=[report.pk])
    for label in ("Publish", "Publish again, a text corrected"):
        # A version that shows the board nothing new is refused: correct a text first.
        section = report.sections.order_by("pk").first()
        section.body = f"{section.body} Rettet.".strip()
        section.save()
        number = next_version_number(report.versions)
        before = cached_pdfs()
        page, page_ms = timed_once(lambda: client.get(publish_url))
        form = {"next_version": str(number), "change_note": "Benchmark."}
        posted, post_ms = timed_once(lambda: client.post(publish_url, form))  # noqa: B023
        print(f"{label} (version {number})")
        print(f"  confirmation page      {page_ms:8.1f} ms  HTTP {page.status_code}")
        print(f"  POST (job queued)      {post_ms:8.1f} ms  HTTP {posted.status_code} -> "
              f"{posted.get('Location')}")  # fmt: skip
        job, worker_s, worker_mb = run_queued_job(folder, debug=True)
        assert report.versions.filter(number=number).exists()  # noqa: S101
        print(f"  worker: publish task {task_seconds('publish_report'):.2f} s, process "
              f"{worker_s:.2f} s (with the notice task), peak RSS {worker_mb:.1f} MB")  # fmt: skip
        print(f"  {weasyprint_ran(before)}; job: {job.message}")
    versions = ReportVersion.objects.filter(report=report).order_by("number")
    print("versions:", ", ".join(f"v{v.number} pdf {v.pdf_sha256[:12]}" for v in versions))
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
