"""The real task worker for the benchmarks: ``manage.py db_worker --batch`` run as a
process of its own, and what a job took."""

import os
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TIME = Path("/usr/bin/time")


def run_worker(
    folder: Path, *, debug: bool = False, environment: dict[str, str] | None = None
) -> tuple[float, float | None]:
    """Run ``manage.py db_worker --batch`` on the bench's database and media folder until
    the queue is empty: (seconds, peak RSS in MB of the worker process).

    With DEBUG off, as in production (with it on, Django keeps every query's SQL in
    memory). ``debug`` for work that reads the static files, which DEBUG off takes from
    collectstatic's manifest. ``environment`` for the worker's settings from its
    environment (it is its own process: ``override_settings`` here does not reach it)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ror_portal.settings",
           "DEBUG": "true" if debug else "false",
           "SECRET_KEY": "bench-only-" + secrets.token_hex(32), **(environment or {})}  # fmt: skip
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


def run_queued_job(folder: Path, **worker):
    """Run the worker on the job the last request queued, which must end done:
    (the job, the worker's seconds, its peak RSS in MB)."""
    from jobs.models import Job

    job = Job.objects.latest("started_at")
    seconds, peak_mb = run_worker(folder, **worker)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message  # noqa: S101
    return job, seconds, peak_mb
