"""Sending the notice of a meeting, in the background after the commit, with the retries
of reports.tasks: three tries a minute apart, then the error is kept on the notice (the
meeting's admin shows it with a button to send it again) and logged."""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from meetings.models import MeetingNotice
from meetings.notice_mail import notice_email

logger = logging.getLogger(__name__)

NOTICE_TRIES = 3
NOTICE_RETRY_AFTER = datetime.timedelta(minutes=1)


def notice_enqueue(notice: MeetingNotice) -> None:
    """Queue the sending: after the commit of the notice, or for a "send again"."""
    send_meeting_notice.enqueue(notice.pk)


@task()
def send_meeting_notice(notice_pk: int, attempt: int = 1) -> int:
    """Send the notice; returns how many it went to. Never twice: a notice sent already
    (a second click on "send again") is left as it is."""
    notice = MeetingNotice.objects.select_related("meeting").get(pk=notice_pk)
    if notice.sent_at is not None:
        return 0
    try:
        notice_email(notice).send()
    except Exception as error:
        if attempt < NOTICE_TRIES:
            _retry(notice_pk, attempt + 1)
            return 0
        notice.error = f"{type(error).__name__}: {error}"[:2000]
        notice.save(update_fields=["error"])
        logger.error(
            "The notice of %s was not sent after %s tries: %s",
            notice.meeting,
            attempt,
            notice.error,
        )
        raise
    notice.sent_at, notice.error = timezone.now(), ""
    notice.save(update_fields=["sent_at", "error"])
    return len(notice.recipients)


def _retry(notice_pk: int, attempt: int) -> None:
    retry = send_meeting_notice
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + NOTICE_RETRY_AFTER)
    retry.enqueue(notice_pk, attempt)
