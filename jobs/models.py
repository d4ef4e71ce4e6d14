"""A job: long work an administrator started (an import, a publish, a PDF), done by the
task worker, with its progress for the page that shows it.

django-tasks records whether a task ran; it has no progress, no result a page can show
and no owner. The job row is that, written by the task as it goes."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A job not touched for this long while queued or running has lost its worker (a restart,
# SIGKILL): the page says so and the work can be started again. The tasks write progress
# at least every few seconds, and a whole publish or import runs in one transaction, so a
# stopped job left nothing half-done.
STALE_AFTER = datetime.timedelta(minutes=5)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    title = models.CharField(_("title"), max_length=300)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("started by")
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # What may run only once at a time (one export, one version number): a second start
    # finds the job already there. Cleared when the job fails, so it can be tried again.
    key = models.CharField(max_length=300, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    step = models.CharField(_("step"), max_length=300, blank=True)  # "Kontrollerer radene"
    detail = models.CharField(max_length=300, blank=True)  # "Rad 120 000 av 284 967"
    done = models.PositiveIntegerField(null=True, blank=True)
    total = models.PositiveIntegerField(null=True, blank=True)
    # What the task needs (a stored file, a version number) and what it found, as JSON.
    arguments = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)  # the outcome, or the error
    result_url = models.CharField(max_length=500, blank=True)
    # Go on to result_url by itself when done (the checked import, the PDF), rather than
    # showing the outcome with a link.
    follow = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stale(self) -> bool:
        return not self.finished and timezone.now() - self.updated_at > STALE_AFTER

    @property
    def percent(self) -> int | None:
        if self.status == self.Status.DONE:
            return 100
        if not self.total or self.done is None:
            return None
        return min(100, self.done * 100 // self.total)
