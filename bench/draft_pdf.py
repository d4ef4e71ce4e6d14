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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_import import DATABASE_TASKS, run_worker
from timing import scratch_django


def main() -> None:
    scratch_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client, override_settings
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from budget.models import BudgetLine, MonthlyActual
    from budget.services import actuals_save
    from jobs.models import Job
    from reports.models import MonthlyReport
    from reports.pdf import PDF_CACHE
    from reports.publishing import next_version_number, report_publish

    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    override_settings(TASKS=DATABASE_TASKS).enable()
    folder = Path(settings.MEDIA_ROOT).parent
    report = MonthlyReport.objects.get(month="2024-01-01")
    client = Client()
    user = get_user_model().objects.get(username="admin")
    client.force_login(user)
    pdf_url = reverse("reports:draft_pdf", args=[report.slug])
    publish_url = reverse("admin:reports_monthlyreport_publish", args=[report.pk])
    line = BudgetLine.objects.filter(year=2023, kind="operating").order_by("order").first()

    def cached_pdfs() -> int:
        try:
            return len(default_storage.listdir(PDF_CACHE)[1])
        except FileNotFoundError:
            return 0

    def timed(call):
        begin = time.perf_counter()
        result = call()
        return result, (time.perf_counter() - begin) * 1000

    def task_seconds(path_end: str) -> float:
        result = DBTaskResult.objects.filter(task_path__endswith=path_end).latest("enqueued_at")
        assert result.status == "SUCCESSFUL", result.traceback  # noqa: S101
        return (result.finished_at - result.started_at).total_seconds()

    def worker(in_background: bool) -> float:
        # The worker is its own process, with the setting from its environment.
        os.environ["DRAFT_PDF_IN_BACKGROUND"] = "true" if in_background else "false"
        return run_worker(folder, debug=True)[0]

    def change_an_actual() -> float:
        actual = MonthlyActual.objects.get(line=line, month=12)
        return timed(
            lambda: actuals_save(year=2023, month=12, amounts={line.pk: actual.amount + 1000})
        )[1]

    print(f"Database: {connection.vendor}; report: {report}, {report.sections.count()} sections")
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
            response, wait_ms = timed(lambda: client.get(pdf_url))
            assert response.status_code == 200, response  # noqa: S101
            again = [timed(lambda: client.get(pdf_url))[1] for _ in range(5)]
            print(f"  preview pressed: HTTP 200 PDF  {wait_ms:8.1f} ms"
                  f" (again: median {statistics.median(again):.1f} ms)")  # fmt: skip
        else:
            first, first_ms = timed(lambda: client.get(pdf_url))
            assert first.status_code == 302, first  # noqa: S101
            worker_s = worker(False)
            task_s = task_seconds("jobs.make_draft_pdf")
            after, after_ms = timed(lambda: client.get(pdf_url))
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
        post_ms = timed(lambda: client.post(publish_url, form))[1]  # noqa: B023
        job = Job.objects.latest("started_at")
        worker(in_background)
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.message  # noqa: S101
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
            version, warm_ms = timed(lambda: report_publish(report=report, user=user, notify=False))
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
