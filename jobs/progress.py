"""Starting a job and reporting its progress from the task that does it."""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql import UpdateQuery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jobs.models import STALE_AFTER, Job

logger = logging.getLogger(__name__)

WRITE_EVERY = 1.0  # seconds between progress writes of the same step


def start_job(
    task, *, title: str, user, key: str | None = None, arguments: dict | None = None,
    follow: bool = False,
) -> tuple[Job, bool]:  # fmt: skip
    """Make the job and queue its task (which is called with the job's id).

    With a ``key`` a job holds already, nothing is started: that job is returned with
    False (the same export confirmed twice, a publish sent twice). A job with the key
    that lost its worker is given up first, so the work can be started again."""
    fields = {"title": title[:300], "started_by": user, "key": key, "arguments": arguments or {},
              "follow": follow}  # fmt: skip
    try:
        with transaction.atomic():
            job = Job.objects.create(**fields)
    except IntegrityError:
        existing = Job.objects.get(key=key)
        if not existing.stale:
            return existing, False
        _give_up(existing)
        job = Job.objects.create(**fields)
    try:
        task.enqueue(job.pk)
    except Exception:
        logger.exception("The task of job %s could not be queued", job.pk)
        _give_up(job, _("The job could not be started. Try again, or ask for help."))
    return job, True


def job_status(job: Job) -> Job:
    """The job as its page shows it: a job whose worker stopped is told as failed."""
    if job.stale:
        _give_up(job)
    return job


def _give_up(job: Job, message: str | None = None) -> None:
    if message is None and job.status == Job.Status.QUEUED:
        message = _(
            "No worker took the job in %(minutes)s minutes, so it was given up. Is the "
            "task worker running (manage.py db_worker)? Start the job again."
        ) % {"minutes": STALE_AFTER.seconds // 60}
    job.message = message or _(
        "The job stopped without finishing (the worker was stopped or restarted). "
        "Nothing of it was saved. Start it again."
    )
    job.status, job.key = Job.Status.FAILED, None
    job.updated_at = timezone.now()
    job.save(update_fields=["status", "key", "message", "updated_at"])


class Progress:
    """What a task tells its job as it works: steps, counts, the outcome."""

    def __init__(self, job: Job):
        self.job = job
        # Work that runs in a transaction of its own (an import's writing, a publish)
        # would show its progress only at the end: that progress goes through a second
        # connection. SQLite has one writer, so there the page waits for the end.
        self._depth = len(connection.atomic_blocks)
        self._side: BaseDatabaseWrapper | None = None
        self._written: tuple[str | None, float] = (None, 0.0)

    @property
    def arguments(self) -> dict[str, Any]:
        return self.job.arguments

    def step(
        self, text: str, *, detail: str = "", done: int | None = None, total: int | None = None
    ) -> None:
        """What the work is doing ("Kontrollerer radene"), and how far it has come in it
        ("Rad 120 000 av 284 967", done of total for the bar). A count is written about
        once a second; a new step at once."""
        last_text, last_time = self._written
        now = time.monotonic()
        if text == last_text and now - last_time < WRITE_EVERY:
            return
        self._written = (text, now)
        self.job.total = total
        self._update(step=text[:300], detail=detail[:300], done=done, total=total,
                     updated_at=timezone.now())  # fmt: skip

    def finish(self, message: str, *, url: str = "", result: dict | None = None) -> None:
        self._end(Job.Status.DONE, message, url=url, result=result, key=self.job.key)

    def fail(self, message: str, *, url: str = "", result: dict | None = None) -> None:
        self._end(Job.Status.FAILED, message, url=url, result=result, key=None)

    def _end(self, status, message, *, url="", result=None, key) -> None:
        fields = {"status": status, "message": message, "result_url": url, "key": key,
                  "result": result or {}, "updated_at": timezone.now()}  # fmt: skip
        if status == Job.Status.DONE:
            fields["done"] = self.job.total
        Job.objects.filter(pk=self.job.pk).update(**fields)
        self.job.status = status

    def _update(self, **fields) -> None:
        if len(connection.atomic_blocks) <= self._depth:
            Job.objects.filter(pk=self.job.pk).update(**fields)
        elif connection.vendor == "postgresql":
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
            # chain(UpdateQuery) makes an UpdateQuery; the stubs type it as the Query it came from
            query = cast(UpdateQuery, Job.objects.filter(pk=self.job.pk).query.chain(UpdateQuery))
            query.add_update_values(fields)
            sql, params = query.get_compiler(connection=self._side).as_sql()
            with self._side.cursor() as cursor:
                cursor.execute(sql, params)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()


def job_task(work: Callable[[Progress], None]):
    """A task that does a job: queued with the job's id, ``work`` gets its Progress.

    A refusal (ValidationError) fails the job with its message; any other error fails it
    with a general message, is logged, and is raised on for the task's own record. Work
    that ends without finish() is done with no message. A job given up while it waited
    (no worker for a long time) is never run late."""

    @wraps(work)
    def run(job_id: int) -> None:
        job = Job.objects.get(pk=job_id)
        if job.finished:
            return
        job.status = Job.Status.RUNNING
        Job.objects.filter(pk=job.pk).update(status=job.status, updated_at=timezone.now())
        progress = Progress(job)
        try:
            work(progress)
        except ValidationError as error:
            progress.fail(" ".join(error.messages))
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.title)
            progress.fail(_("Something went wrong, and nothing was saved. The error is logged."))
            raise
        else:
            if not job.finished:
                progress.finish("")
        finally:
            progress.close()

    return task()(run)
