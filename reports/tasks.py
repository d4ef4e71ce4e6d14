"""Background work of the reports: the notice of a published version (of a report, a
case document or a meeting's minutes).

The notice goes out after the version is committed, by its own task, so a mail server
that is down can neither undo a publication nor make the administrator publish again."""

import datetime
import logging

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from reports.models import FrozenVersion
from reports.notifications import notice_of, send_notice

logger = logging.getLogger(__name__)

# django-tasks has no retries of its own: the task enqueues its next try itself.
NOTICE_TRIES = 3
NOTICE_RETRY_AFTER = datetime.timedelta(minutes=1)


def notify_published(*, version: FrozenVersion) -> None:
    """Send the version's notice once the publishing has committed (never for a
    publication that rolled back). Queuing is robust: if it fails, it is logged and the
    publication stands, shown as not notified."""
    label, pk = version._meta.label_lower, version.pk
    transaction.on_commit(lambda: send_version_notice.enqueue(label, pk), robust=True)


@task()
def send_version_notice(version_label: str, version_pk: int, attempt: int = 1) -> int:
    """Send the notice of a published version; on a failure try again a minute later,
    and after the last try record why on the version (the admin shows it with a button
    to send it again) and log it."""
    version = apps.get_model(version_label).objects.get(pk=version_pk)
    if version.notice_sent_at is not None:
        return 0  # sent already (a second click on "send again"): never twice
    try:
        sent_to = send_notice(notice_of(version))
    except Exception as error:
        if attempt < NOTICE_TRIES:
            _retry(version_label, version_pk, attempt + 1)
            return 0
        version.notice_error = f"{type(error).__name__}: {error}"[:2000]
        version.save(update_fields=["notice_error"])
        logger.error(
            "The notice of %s was not sent after %s tries: %s",
            version,
            attempt,
            version.notice_error,
        )
        raise
    version.notice_sent_at, version.notice_error = timezone.now(), ""
    version.save(update_fields=["notice_sent_at", "notice_error"])
    return sent_to


def _retry(version_label: str, version_pk: int, attempt: int) -> None:
    retry = send_version_notice
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + NOTICE_RETRY_AFTER)
    retry.enqueue(version_label, version_pk, attempt)


def notice_send_again(*, version: FrozenVersion) -> None:
    """An administrator's "send again" of a failed notice: three new tries."""
    send_version_notice.enqueue(version._meta.label_lower, version.pk)
