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

import argparse
import os
import re
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from ticket_import import write_export  # noqa: E402

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TIME = Path("/usr/bin/time")


def run_worker(folder: Path, *, debug: bool = False) -> tuple[float, float | None]:
    """Run ``manage.py db_worker --batch`` on the bench's database and media folder until
    the queue is empty: (seconds, peak RSS in MB of the worker process).

    With DEBUG off, as in production (with it on, Django keeps every query's SQL in
    memory). ``debug`` for work that reads the static files, which DEBUG off takes from
    collectstatic's manifest."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ror_portal.settings",
           "DEBUG": "true" if debug else "false",
           "SECRET_KEY": "bench-only-" + secrets.token_hex(32)}  # fmt: skip
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
               "--no-reload", "--interval", "0.1", "--verbosity", "0"]  # fmt: skip
    measured = folder / "worker-time.txt"
    if TIME.exists():
        command = [str(TIME), "-f", "%M", "-o", str(measured), *command]
    begin = time.perf_counter()
    # Its stdout is the console e-mail backend's notices; errors go to stderr.
    subprocess.run(command, cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - begin
    if TIME.exists():
        peak_mb = int(measured.read_text().split()[-1]) / 1024  # kB
    else:  # the largest of the children so far: right for the first worker only
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb


def timed_request(call):
    begin = time.perf_counter()
    response = call()
    return response, (time.perf_counter() - begin) * 1000


def measure(rows: int) -> None:
    """One size, in this (fresh) process."""
    folder = Path(tempfile.mkdtemp(prefix="ror-bench-admin-import-"))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
    )
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ror_portal.test_settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse

    from jobs.models import Job
    from ror_portal.roles import Role
    from support.models import Ticket, TicketImport

    override_settings(TASKS=DATABASE_TASKS).enable()
    call_command("migrate", verbosity=0)
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

    upload, upload_ms = timed_request(
        lambda: client.post(
            reverse("admin:support_ticket_import"),
            {"file": SimpleUploadedFile("eksport.csv", data, content_type="text/csv")},
        )
    )
    assert upload.status_code == 302, upload.status_code  # noqa: S101
    check_job = Job.objects.latest("started_at")
    check_seconds, check_mb = run_worker(folder)
    check_job.refresh_from_db()
    assert check_job.status == Job.Status.DONE, check_job.message  # noqa: S101

    checked, checked_ms = timed_request(
        lambda: client.get(reverse("admin:support_ticket_import_checked", args=[check_job.pk]))
    )
    token = re.search(r'name="upload" value="([^"]+)"', checked.content.decode()).group(1)
    confirm, confirm_ms = timed_request(
        lambda: client.post(reverse("admin:support_ticket_import_confirm"), {"upload": token})
    )
    assert confirm.status_code == 302, confirm.status_code  # noqa: S101
    import_job = Job.objects.latest("started_at")
    import_seconds, import_mb = run_worker(folder)
    import_job.refresh_from_db()
    assert import_job.status == Job.Status.DONE, import_job.message  # noqa: S101
    job_page, job_page_ms = timed_request(
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
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[284_967, 100_000])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.rows[0])
        return
    memory = "/usr/bin/time" if TIME.exists() else "getrusage of the children"
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; worker memory by {memory}")
    for rows in args.rows:
        # A process per size, with its own database and worker.
        subprocess.run([sys.executable, __file__, "--one", "--rows", str(rows)], check=True)


if __name__ == "__main__":
    main()
