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
from reports.rendering import assemble, case_document_content, case_document_pdf, report_pdf
from reports.services import AlreadyPublished, case_document_publish, report_publish


def start_report_publish(*, report: MonthlyReport, user, number: int, change_note: str):
    """Returns (job, started): not started when that version's publish has begun already."""
    return start_job(
        publish_report,
        title=_("Publishing version %(number)s of %(report)s")
        % {"number": number, "report": report},
        user=user,
        key=f"publish:report:{report.pk}:{number}",
        arguments={"report": report.pk, "number": number, "change_note": change_note},
    )


def start_case_document_publish(*, case: Case, user, number: int):
    return start_job(
        publish_case_document,
        title=_("Publishing version %(number)s of the case document of %(case)s")
        % {"number": number, "case": case},
        user=user,
        key=f"publish:case:{case.pk}:{number}",
        arguments={"case": case.pk, "number": number},
    )


@job_task
def publish_report(progress: Progress) -> None:
    report = MonthlyReport.objects.get(pk=progress.arguments["report"])
    number = progress.arguments["number"]
    version = _once(
        number,
        lambda: report_publish(
            report=report,
            user=progress.job.started_by,
            change_note=progress.arguments["change_note"],
            expected_number=number,
            step=progress.step,
        ),
    )
    progress.finish(
        _("Version %(number)s of %(report)s is published.")
        % {"number": version.number, "report": report}
        + " "
        + _notice_text(),
        url=reverse("admin:reports_monthlyreport_content", args=[report.pk]),
        result={"link": _("Back to the report")},
    )


@job_task
def publish_case_document(progress: Progress) -> None:
    case = Case.objects.get(pk=progress.arguments["case"])
    number = progress.arguments["number"]
    version = _once(
        number,
        lambda: case_document_publish(
            case=case, user=progress.job.started_by, expected_number=number, step=progress.step
        ),
    )
    progress.finish(
        _("Version %(number)s of the case document is published and attached.")
        % {"number": version.number}
        + " "
        + _notice_text(),
        url=reverse("admin:reports_case_change", args=[case.pk]),
        result={"link": _("Back to the case")},
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
