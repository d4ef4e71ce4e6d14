"""The real task worker for the benchmarks: the demo with its tasks waiting in the
database, ``manage.py db_worker --batch`` run as a process of its own, and what a task
and a job took."""

import os
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path

from timing import scratch_django

PROJECT = Path(__file__).resolve().parent.parent
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


def run_queued_job(folder: Path, *, debug: bool = False):
    """Run the worker on the job the last request queued, which must end done:
    (the job, the worker's seconds, its peak RSS in MB)."""
    from jobs.models import Job

    job = Job.objects.latest("started_at")
    seconds, peak_mb = run_worker(folder, debug=debug)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message  # noqa: S101
    return job, seconds, peak_mb


def task_seconds(path_end: str) -> float:
    """The worker's own time for the latest task whose path ends so, which must have succeeded."""
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.filter(task_path__endswith=path_end).latest("enqueued_at")
    assert result.status == "SUCCESSFUL", result.traceback  # noqa: S101
    return (result.finished_at - result.started_at).total_seconds()


def demo_for_the_worker():
    """The demo (January 2024, version 1 published) on a scratch database, its tasks from
    here on waiting in the database for the worker, as in production:
    (the scratch folder, the January report, a client logged in as the demo's admin, that
    user). Prints the database and the report."""
    folder = scratch_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from reports.models import MonthlyReport

    # The demo loads with the tasks done where they are queued.
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    override_settings(TASKS=DATABASE_TASKS).enable()
    report = MonthlyReport.objects.get(month="2024-01-01")
    user = get_user_model().objects.get(username="admin")
    client = Client()
    client.force_login(user)
    print(f"Database: {connection.vendor}; report: {report}, {report.sections.count()} sections")
    return folder, report, client, user


def cached_pdfs() -> int:
    """How many PDFs the cache holds (reports.pdf): one more after WeasyPrint ran."""
    from django.core.files.storage import default_storage

    from reports.pdf import PDF_CACHE

    try:
        return len(default_storage.listdir(PDF_CACHE)[1])
    except FileNotFoundError:
        return 0
