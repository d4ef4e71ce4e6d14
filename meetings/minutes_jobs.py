"""The minutes' work for the task worker: publishing a version (as reports and case
documents are published, reports.jobs) and making a draft's PDF for the preview."""

from django.utils.translation import gettext as _

from jobs.progress import Progress, job_task, start_job
from meetings.minutes import MINUTES, minutes_content, minutes_pdf
from reports.jobs import publish_in_job
from reports.models import BoardMeeting


@job_task
def publish_minutes(progress: Progress) -> None:
    publish_in_job(MINUTES, progress)


def start_minutes_draft_pdf(*, user, url: str, meeting: BoardMeeting):
    """Have the worker make the draft minutes' PDF; its job goes on to ``url``, the draft
    PDF's own address, which then answers from the cache."""
    return start_job(
        make_minutes_draft_pdf,
        title=_("PDF of the draft of %(what)s") % {"what": meeting},
        user=user,
        arguments={"meeting": meeting.pk, "url": url},
        follow=True,
    )


@job_task
def make_minutes_draft_pdf(progress: Progress) -> None:
    meeting = BoardMeeting.objects.get(pk=progress.arguments["meeting"])
    progress.step(MINUTES.rendering_step())
    content = minutes_content(meeting)
    progress.step(_("Making the PDF"))
    minutes_pdf(meeting, content)
    progress.finish(_("The PDF is ready."), url=progress.arguments["url"])
