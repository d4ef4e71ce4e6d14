"""Benchmark: what the administrator waits for after a change to the draft, with the
draft's PDF made on request (DRAFT_PDF_IN_BACKGROUND off, as before) and made in the
background after the change (reports/draft_pdf.py, on).

On a fresh SQLite database in a temporary folder (or BENCH_DATABASE_URL) with the demo
data (January 2024, version 1 published), tasks in the database for the real worker
(`manage.py db_worker --batch`, a process of its own). For each way, a December 2023
actual is changed as the actuals form does (the January report's figures change), then:

- the save's request time (what the hook adds: queuing a task);
- *Forhåndsvis som PDF*: off, the first request (a job started), the worker's task and
  the request after, which answers from the cache (the browser also polls the job's
  page, not counted); on, the worker runs first (the administrator is doing something
  else meanwhile) and the preview is timed as pressed;
- publishing the changed draft: the publish task's time in a fresh worker process
  (with its imports), and whether WeasyPrint ran in it or its PDF came from the cache;
  then, after another change, the publish in this process, warm as a worker that runs
  for days is.

    .venv/bin/python bench/draft_pdf.py
"""

import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from task_worker import cached_pdfs, demo_for_the_worker, run_queued_job, run_worker, task_seconds
from timing import timed_once


def main() -> None:
    folder, report, client, user = demo_for_the_worker()
    from django.db import transaction
    from django.test import override_settings
    from django.urls import reverse

    from budget.models import BudgetLine, MonthlyActual
    from budget.services import actuals_save
    from reports.publishing import next_version_number, report_publish

    pdf_url = reverse("reports:draft_pdf", args=[report.slug])
    publish_url = reverse("admin:reports_monthlyreport_publish", args=[report.pk])
    line = BudgetLine.objects.filter(year=2023, kind="operating").order_by("order").first()

    def worker_setting(in_background: bool) -> None:
        # The worker is its own process, with the setting from its environment.
        os.environ["DRAFT_PDF_IN_BACKGROUND"] = "true" if in_background else "false"

    def worker(in_background: bool) -> float:
        worker_setting(in_background)
        return run_worker(folder, debug=True)[0]

    def change_an_actual() -> float:
        actual = MonthlyActual.objects.get(line=line, month=12)
        return timed_once(
            lambda: actuals_save(year=2023, month=12, amounts={line.pk: actual.amount + 1000})
        )[1]

    worker(False)  # the demo's own tasks (its notice)
    results = {}
    for in_background in (False, True):
        label = "background (after)" if in_background else "on request (before)"
        print(f"Draft PDF {label}")
        with override_settings(DRAFT_PDF_IN_BACKGROUND=in_background):
            save_ms = change_an_actual()
        print(f"  actual saved (in the request)  {save_ms:8.1f} ms")
        if in_background:
            before = cached_pdfs()
            worker_s = worker(True)
            task_s = task_seconds("make_draft_pdf_in_background")
            print(f"  meanwhile the worker: task {task_s:.2f} s"
                  f" (process {worker_s:.2f} s), PDFs made {cached_pdfs() - before}"
                  " (the draft's, and the next version's)")  # fmt: skip
            response, wait_ms = timed_once(lambda: client.get(pdf_url))
            assert response.status_code == 200, response  # noqa: S101
            again = [timed_once(lambda: client.get(pdf_url))[1] for _ in range(5)]
            print(f"  preview pressed: HTTP 200 PDF  {wait_ms:8.1f} ms"
                  f" (again: median {statistics.median(again):.1f} ms)")  # fmt: skip
        else:
            first, first_ms = timed_once(lambda: client.get(pdf_url))
            assert first.status_code == 302, first  # noqa: S101
            worker_s = worker(False)
            task_s = task_seconds("jobs.make_draft_pdf")
            after, after_ms = timed_once(lambda: client.get(pdf_url))
            assert after.status_code == 200  # noqa: S101
            wait_ms = first_ms + task_s * 1000 + after_ms
            print(f"  preview pressed: HTTP 302     {first_ms:8.1f} ms -> {first['Location']}")
            print(f"  worker: task {task_s:.2f} s (process {worker_s:.2f} s)")
            print(f"  PDF from the cache after       {after_ms:8.1f} ms")
            print(f"  waited (request + task + request) {wait_ms:8.1f} ms, "
                  "and the job page's polling on top")  # fmt: skip
        number = next_version_number(report.versions)
        client.get(publish_url)
        form = {"next_version": str(number), "change_note": "Benchmark."}
        before = cached_pdfs()
        post_ms = timed_once(lambda: client.post(publish_url, form))[1]  # noqa: B023
        worker_setting(in_background)
        run_queued_job(folder, debug=True)
        publish_s = task_seconds("publish_report")
        made = cached_pdfs() - before
        print(f"  publish version {number}: POST {post_ms:.1f} ms, task {publish_s:.2f} s in a"
              " fresh worker process; "
              + (f"WeasyPrint ran (PDFs +{made})" if made else "PDF from the cache"))  # fmt: skip
        # The same again in this process, warm as a worker that has run before is: what
        # the publish itself costs, without the new process's imports.
        with override_settings(DRAFT_PDF_IN_BACKGROUND=in_background):
            change_an_actual()
        if in_background:
            worker(True)
        before = cached_pdfs()
        with transaction.atomic():
            version, warm_ms = timed_once(
                lambda: report_publish(report=report, user=user, notify=False)
            )
        made = cached_pdfs() - before
        print(f"  publish version {version.number} in a warm process: {warm_ms:.0f} ms; "
              + (f"WeasyPrint ran (PDFs +{made})" if made else "PDF from the cache"))  # fmt: skip
        results[label] = (wait_ms, publish_s, warm_ms)
    print("Summary (waited for the preview's PDF; publish task, cold worker / warm):")
    for label, (wait_ms, publish_s, warm_ms) in results.items():
        print(f"  {label:<22} preview {wait_ms:8.1f} ms   publish {publish_s:.2f} s"
              f" / {warm_ms / 1000:.2f} s")  # fmt: skip
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
