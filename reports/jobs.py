"""Publishing as jobs for the task worker: a publish takes seconds (every block, then
WeasyPrint), more than a web request should wait, and the page shows how far it is.

The job's key is the version number the confirmation showed, so a double-submit or a
retry finds the job already there, and the version is published once."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.progress import Progress, job_task, start_job
from reports.models import Case, MonthlyReport
from reports.notifications import notice_recipients
from reports.publishing import CASE_DOCUMENT, REPORT, AlreadyPublished, FrozenDocument, publish
from reports.rendering import assemble, case_document_content, case_document_pdf, report_pdf


def start_publish(kind: FrozenDocument, document, *, user, number: int, **options):
    """Returns (job, started): not started when that version's publish has begun already.
    ``options`` are the kind's own (a report's change note)."""
    return start_job(
        PUBLISH_TASKS[kind.name],
        title=kind.job_title(document, number),
        user=user,
        key=f"publish:{kind.name}:{document.pk}:{number}",
        arguments={kind.name: document.pk, "number": number, **options},
    )


@job_task
def publish_report(progress: Progress) -> None:
    publish_in_job(REPORT, progress)


@job_task
def publish_case_document(progress: Progress) -> None:
    publish_in_job(CASE_DOCUMENT, progress)


# One task for each kind, so that the worker's records name what it published. An app
# with a kind of its own adds its task in its AppConfig.ready() (meetings: the minutes).
PUBLISH_TASKS = {REPORT.name: publish_report, CASE_DOCUMENT.name: publish_case_document}


def publish_in_job(kind: FrozenDocument, progress: Progress) -> None:
    """A publish task's work: the version the job's key names, with its steps shown."""
    arguments = dict(progress.arguments)
    document = kind.model.objects.get(pk=arguments.pop(kind.name))
    number = arguments.pop("number")
    version = _once(
        number,
        lambda: publish(
            kind,
            document,
            user=progress.job.started_by,
            expected_number=number,
            step=progress.step,
            **arguments,
        ),
    )
    progress.finish(
        kind.published_message(document, version) + " " + _notice_text(),
        url=reverse(kind.admin_page, args=[document.pk]),
        result={"link": kind.back_link()},
    )


def start_draft_pdf(
    *, user, url: str, report: MonthlyReport | None = None, case: Case | None = None
):
    """Have the worker make a draft's PDF (seconds of WeasyPrint); its job goes on to
    ``url``, the draft PDF's own address, which then answers from the cache."""
    return start_job(
        make_draft_pdf,
        title=_("PDF of the draft of %(what)s") % {"what": report or case},
        user=user,
        arguments={"report": report and report.pk, "case": case and case.pk, "url": url},
        follow=True,
    )


@job_task
def make_draft_pdf(progress: Progress) -> None:
    if progress.arguments["report"]:
        report = MonthlyReport.objects.select_related("meeting").get(
            pk=progress.arguments["report"]
        )
        progress.step(_("Putting the report together"))
        assembled = assemble(report)
        progress.step(_("Making the PDF"))
        report_pdf(report=report, assembled=assembled)
    else:
        case = Case.objects.select_related("meeting").get(pk=progress.arguments["case"])
        progress.step(_("Writing the case document"))
        content = case_document_content(case=case)[0]
        progress.step(_("Making the PDF"))
        case_document_pdf(case=case, content=content)
    progress.finish(_("The PDF is ready."), url=progress.arguments["url"])


def _once(number: int, publish: Callable):
    """Run a publish; what stops it is told on the job's page, in words."""
    try:
        return publish()
    except IntegrityError as error:
        # Two publishes of one number at once on a database that does not wait
        # (SQLite): the unique version number let one of them through.
        raise AlreadyPublished(number) from error
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        raise ValidationError(
            _(
                "Another administrator is publishing right now. The version is shown under "
                "Published versions when it is done."
            )
        ) from error


def _notice_text() -> str:
    count = len(notice_recipients())
    return ngettext(
        "The notice is being sent to %(count)s recipient.",
        "The notice is being sent to %(count)s recipients.",
        count,
    ) % {"count": count}
