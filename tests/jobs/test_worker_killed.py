"""The worker killed (SIGKILL) in the middle of an import and of a publish: the database
stays consistent (no half import, no half version), the job is shown as failed once it
has gone stale, and the same work started again is done once.

A real ``manage.py db_worker`` runs as a subprocess against the test database and is
killed while its job is inside the work's transaction, which the job's step (written
through the second connection) shows."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django_tasks_db.models import DBTaskResult

from jobs.models import STALE_AFTER, Job
from jobs.progress import job_status, start_job
from reports.jobs import start_publish
from reports.models import MonthlyReport, ReportVersion
from reports.publishing import REPORT
from support.models import Ticket, TicketImport
from support.tasks import import_upload
from tests.support.ticket_files import csv_file, ticket

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the worker is another process, and an in-memory SQLite "
        "test database cannot be shared with it",
    ),
    pytest.mark.django_db(transaction=True),
]

PROJECT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROWS = 80_000
STEP_TIMEOUT = 180  # seconds for the worker to reach the step it is killed in
WORKER_TIMEOUT = 300  # seconds for a worker in batch mode to do the queue and exit
STOPPED = (
    "Jobben stoppet før den var ferdig (arbeideren ble stoppet eller startet på nytt). "
    "Ingenting av den ble lagret. Start den på nytt."
)


def worker_env(settings) -> dict[str, str]:
    """The real settings (database task backend), on the test database and media folder."""
    database = connection.settings_dict
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or "5432"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ror_portal.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{credentials}@{host}:{port}/{database['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def start_worker(settings, log: Path, *, batch: bool) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload",
               "--interval", "0.1"]  # fmt: skip
    if batch:
        command.append("--batch")
    with log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=PROJECT, env=worker_env(settings), stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


def log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no output)"


def kill_when(worker: subprocess.Popen, job: Job, log: Path, reached) -> Job:
    """Poll the job until ``reached(job)``, then SIGKILL the worker; the job as it was."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while True:
        job.refresh_from_db()
        if reached(job):
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
            return job
        state = f"{job.status}/{job.step!r}/{job.done}"
        if job.finished:
            problem = f"The job ended ({job.message}) before the worker was killed: too quick"
        elif worker.poll() is not None:
            problem = f"The worker exited ({worker.returncode})"
        elif time.monotonic() > deadline:
            problem = f"The job did not reach the step in {STEP_TIMEOUT} s"
        else:
            problem = None
        if problem:
            pytest.fail(f"{problem}; the job is at {state}. Worker:\n{log_tail(log)}")
        time.sleep(0.02)


def run_worker_to_the_end(settings, log: Path) -> None:
    worker = start_worker(settings, log, batch=True)
    try:
        returncode = worker.wait(timeout=WORKER_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"The worker did not finish in {WORKER_TIMEOUT} s:\n{log_tail(log)}")
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert returncode == 0, log_tail(log)


def make_stale(job: Job) -> Job:
    Job.objects.filter(pk=job.pk).update(
        updated_at=job.updated_at - STALE_AFTER - datetime.timedelta(seconds=1)
    )
    return job_status(Job.objects.get(pk=job.pk))


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def killed_worker(settings, tmp_path):
    """Starts the worker that is to be killed; makes sure it is gone after the test."""
    settings.TASKS = DATABASE_TASKS
    started: list[subprocess.Popen] = []

    def start(log: Path) -> subprocess.Popen:
        worker = start_worker(settings, log, batch=True)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def test_an_import_killed_while_saving_leaves_nothing_and_is_imported_once_again(
    migration_data, administrator, settings, tmp_path, killed_worker
):
    rows = [ticket(str(100_000 + n)) for n in range(ROWS)]
    stored = default_storage.save("imports/eksport.csv", ContentFile(csv_file(rows).getvalue()))
    # as the check of these rows (created 15.01.2024) would have found
    arguments = {"path": stored, "name": "eksport.csv", "rows": ROWS, "earliest": "2024-01-15"}
    key = f"import:{stored}"
    job, started = start_job(import_upload, title="Import av eksport.csv", user=administrator,
                             key=key, arguments=arguments)  # fmt: skip
    assert started and job.status == Job.Status.QUEUED

    log = tmp_path / "worker.log"
    worker = killed_worker(log)
    seen = kill_when(worker, job, log, lambda j: j.step == "Lagrer sakene" and (j.done or 0) > 0)
    assert worker.returncode == -signal.SIGKILL
    assert seen.status == Job.Status.RUNNING and 0 < seen.done < ROWS

    # Nothing half-imported: the saving transaction died with its connection.
    assert Ticket.objects.count() == 0
    assert TicketImport.objects.count() == 0
    assert default_storage.exists(stored)  # kept for the import started again
    # Nobody runs the dead worker's task again by itself: its row says running for good.
    [task] = DBTaskResult.objects.all()
    assert task.status == "RUNNING"

    # Not yet given up: the job was written to a moment ago.
    assert job_status(Job.objects.get(pk=job.pk)).status == Job.Status.RUNNING
    job = make_stale(job)
    job.refresh_from_db()
    assert (job.status, job.key, job.message) == (Job.Status.FAILED, None, STOPPED)

    again, started = start_job(import_upload, title="Import av eksport.csv", user=administrator,
                               key=key, arguments=arguments)  # fmt: skip
    assert started and again.pk != job.pk
    run_worker_to_the_end(settings, tmp_path / "worker-again.log")

    again.refresh_from_db()
    assert again.status == Job.Status.DONE, (again.message, log_tail(tmp_path / "worker-again.log"))
    assert again.key == key
    assert Ticket.objects.count() == ROWS
    assert Ticket.objects.values("number").distinct().count() == ROWS
    assert TicketImport.objects.get().new == ROWS
    assert not default_storage.exists(stored)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED  # the killed job stays failed


def test_a_publish_killed_while_making_the_pdf_leaves_no_version_and_publishes_once_again(
    migration_data, report_with_glossary, administrator, settings, tmp_path, killed_worker
):
    report = report_with_glossary
    status_before = report.status
    job, started = start_publish(REPORT, report, user=administrator, number=1,
                                 change_note="Første versjon.")  # fmt: skip
    assert started

    log = tmp_path / "worker.log"
    worker = killed_worker(log)
    seen = kill_when(worker, job, log, lambda j: j.step == "Lager PDF")
    assert worker.returncode == -signal.SIGKILL
    assert seen.status == Job.Status.RUNNING

    # No half version: no row, no stored file, the report still a draft.
    assert ReportVersion.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert [name for name in stored_files(media) if name.startswith("reports/")] == []
    report.refresh_from_db()
    assert report.status == status_before == MonthlyReport.Status.DRAFT

    assert job_status(Job.objects.get(pk=job.pk)).status == Job.Status.RUNNING
    job = make_stale(job)
    job.refresh_from_db()
    assert (job.status, job.key, job.message) == (Job.Status.FAILED, None, STOPPED)

    again, started = start_publish(REPORT, report, user=administrator, number=1,
                                   change_note="Første versjon.")  # fmt: skip
    assert started and again.pk != job.pk
    run_worker_to_the_end(settings, tmp_path / "worker-again.log")

    again.refresh_from_db()
    assert again.status == Job.Status.DONE, (again.message, log_tail(tmp_path / "worker-again.log"))
    [version] = ReportVersion.objects.all()
    assert version.number == 1 and version.change_note == "Første versjon."
    assert default_storage.exists(version.html.name) and default_storage.exists(version.pdf.name)
    assert default_storage.open(version.pdf.name).read(5) == b"%PDF-"
    assert [name for name in stored_files(media) if name.startswith("reports/")] == sorted(
        [version.html.name, version.pdf.name]
    )
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.PUBLISHED
