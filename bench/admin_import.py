"""Benchmark: the ticket import through the admin, as an administrator does it, with the
real task worker.

For each size (default 284 967 rows, then 100 000), in a fresh process with a fresh
database: writes a seeded export, uploads it (the admin's upload form, Django's test
client), has a real ``manage.py db_worker --batch`` check it, opens the checked page,
confirms, and has a worker import it. Prints the file size, the time of each request
(they only store the file or queue the job: the work is in the worker), each worker's
seconds and peak resident memory (``/usr/bin/time``; the worker's own process), and rows
per second. The database is a SQLite file in a temporary folder unless
BENCH_DATABASE_URL names another (a PostgreSQL database is emptied of tickets first).

    .venv/bin/python bench/admin_import.py [--rows 284967 100000]
"""

import os
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from task_worker import DATABASE_TASKS, TIME, run_queued_job, run_worker
from ticket_import import write_export
from timing import each_size_in_a_fresh_process, scratch_django, timed_once


def measure(rows: int) -> None:
    """One size, in this (fresh) process."""
    folder = scratch_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse

    from ror_portal.roles import Role
    from support.models import Ticket, TicketImport

    override_settings(TASKS=DATABASE_TASKS).enable()
    Ticket.objects.all().delete()
    TicketImport.objects.all().delete()
    administrator, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True}
    )
    administrator.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
    client = Client()
    client.force_login(administrator)

    idle_seconds, idle_mb = run_worker(folder)  # an empty queue: the worker's start-up
    export = folder / "eksport.csv"
    write_export(export, rows)
    size_mb = export.stat().st_size / 1024 / 1024
    data = export.read_bytes()

    upload, upload_ms = timed_once(
        lambda: client.post(
            reverse("admin:support_ticket_import"),
            {"file": SimpleUploadedFile("eksport.csv", data, content_type="text/csv")},
        )
    )
    assert upload.status_code == 302, upload.status_code  # noqa: S101
    check_job, check_seconds, check_mb = run_queued_job(folder)

    checked, checked_ms = timed_once(
        lambda: client.get(reverse("admin:support_ticket_import_checked", args=[check_job.pk]))
    )
    token = re.search(r'name="upload" value="([^"]+)"', checked.content.decode()).group(1)
    confirm, confirm_ms = timed_once(
        lambda: client.post(reverse("admin:support_ticket_import_confirm"), {"upload": token})
    )
    assert confirm.status_code == 302, confirm.status_code  # noqa: S101
    import_job, import_seconds, import_mb = run_queued_job(folder)
    job_page, job_page_ms = timed_once(
        lambda: client.get(reverse("jobs:job", args=[import_job.pk]))
    )
    imported = Ticket.objects.count()
    assert imported == rows, imported  # noqa: S101

    def memory(mb):
        return f"{mb:6.1f} MB" if mb is not None else "   n/a"

    print(f"{rows:>7} rows, {size_mb:5.1f} MB CSV ({connection.vendor})")
    print(f"  worker on an empty queue {idle_seconds:6.2f} s{'':18}peak RSS {memory(idle_mb)}")
    print(f"  upload request (store + queue the check)  {upload_ms:8.1f} ms")
    print(f"  check in the worker      {check_seconds:6.2f} s  {rows / check_seconds:8.0f} rows/s"
          f"  peak RSS {memory(check_mb)}")  # fmt: skip
    print(f"  checked page request                      {checked_ms:8.1f} ms"
          f"  ({check_job.message})")  # fmt: skip
    print(f"  confirm request (queue the import)        {confirm_ms:8.1f} ms")
    print(f"  import in the worker     {import_seconds:6.2f} s  {rows / import_seconds:8.0f} rows/s"
          f"  peak RSS {memory(import_mb)}")  # fmt: skip
    print(f"  job page after the import                 {job_page_ms:8.1f} ms"
          f"  (HTTP {job_page.status_code}; {imported} tickets)")  # fmt: skip
    print("  (the worker seconds include its start-up, the empty queue's line)")
    shutil.rmtree(folder)


def main() -> None:
    memory = "/usr/bin/time" if TIME.exists() else "getrusage of the children"
    python = f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    each_size_in_a_fresh_process(
        __file__, measure, rows=[284_967, 100_000], heading=f"{python}; worker memory by {memory}"
    )


if __name__ == "__main__":
    main()
