"""The draft's PDF made in the background after each change, so that *Forhåndsvis som
PDF* answers from the PDF cache (reports.pdf) instead of sending the administrator to
a job's page for seconds of WeasyPrint, and publishing finds its version's PDF made.

The hook is generic: a save or delete of any model of the apps that feed a report
(post_save/post_delete, connected here and only here, from ReportsConfig.ready), and
the ``figures_written`` signal of a domain app that writes in bulk (no post_save).
In the request it only queues the task, once the transaction has committed, and once
per transaction however many rows it wrote (a grid of actuals is one change).

A newer change supersedes an older one that has not started: while the report's task
is still queued (not taken by a worker), queuing again adds nothing, since the queued
task reads the data when it starts, after every change committed so far. A task that
has started may have read the data before the change, so the change queues another.

Never a stale PDF: the cache is keyed by the print HTML, which the preview renders
from today's data on every request (about 0.1 s for the demo). If the background task
has not made this very HTML's PDF yet, the preview goes to the job that makes it.

Off in the tests (``DRAFT_PDF_IN_BACKGROUND`` in ror_portal/test_settings.py, where
tasks run where they are queued: every save would run WeasyPrint); the tests of this
module turn it on."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django_tasks import task
from simple_history.models import HistoricalChanges

from jobs.queueing import enqueue_after_commit
from reports.models import MonthlyReport, ReportVersion, Section
from reports.next_month import latest_report
from reports.pdf import cached_pdf, render_pdf
from reports.publishing import REPORT, next_version_number, unpublishable_reason
from reports.rendering import AssembledReport, report_content, report_print_html
from ror_portal.signals import figures_written

# The apps whose data a report shows (its texts, the blocks' figures, the glossary).
FEEDING_APPS = ("ror_portal", "budget", "support", "projects", "security", "reports")
# What a report does not show, or what publishing writes: a publish is no change to
# the draft (and its own save of the report's status is answered by an unchanged PDF).
NOT_SHOWN = {
    "reports.reportversion",
    "reports.casedocumentversion",
    "reports.attachment",
    "budget.publishedperiod",
}


def connect() -> None:
    """Listen to every model that feeds a report (called once, from ReportsConfig.ready).
    Each model by its class: a migration's historical models are other classes, so a
    data migration queues nothing."""
    for label in FEEDING_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges) or model._meta.label_lower in NOT_SHOWN:
                continue
            post_save.connect(_changed, sender=model, dispatch_uid=f"draft_pdf:{model}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"draft_pdf:{model}:del")
    figures_written.connect(_changed, dispatch_uid="draft_pdf:figures_written")


def _changed(sender, instance=None, raw: bool = False, **kwargs) -> None:
    if raw or not settings.DRAFT_PDF_IN_BACKGROUND:
        return  # a fixture being loaded, or turned off (the tests)
    if isinstance(instance, Section):
        report_id = instance.report_id
    elif isinstance(instance, MonthlyReport):
        report_id = instance.pk
    else:
        # Budget, tickets, projects, the glossary …: what the month in progress shows.
        newest = latest_report()
        if newest is None:
            return
        report_id = newest.pk
    draft_changed(report_id)


def draft_changed(report_id: int) -> None:
    """Queue the making of the report's draft PDF once this transaction has committed,
    once (jobs.queueing)."""
    enqueue_after_commit(make_draft_pdf_in_background, report_id)


# Below every task a person waits for (an import's check, a publish, a PDF asked for):
# the worker takes those first, and this one when it has nothing else to do.
@task(priority=-10)
def make_draft_pdf_in_background(report_id: int) -> list[str]:
    """Make the PDF of the draft as it is now, and that of the version publishing would
    make today, into the PDF cache. Returns what WeasyPrint made, for the task's record
    (nothing when both were made before)."""
    report = MonthlyReport.objects.select_related("meeting").filter(pk=report_id).first()
    if report is None:
        return []  # deleted since
    number = next_version_number(report.versions)
    # Every block run once, for both: the draft's print HTML has no links to the CSV,
    # and the content with the version's links is what publishing compares.
    content, assembled = report_content(report=report, version_number=number)
    made = []
    if _made(report_print_html(report=report, assembled=assembled)):
        made.append("draft")
    version = upcoming_version(report, assembled, number=number, content=content)
    if version is not None and _made(
        report_print_html(report=report, assembled=assembled, version=version)
    ):
        made.append(f"version {version.number}")
    return made


def _made(html: str) -> bool:
    """Make the HTML's PDF into the cache; whether WeasyPrint ran (False: it was there)."""
    if cached_pdf(html) is not None:
        return False
    render_pdf(html)
    return True


def upcoming_version(
    report: MonthlyReport, assembled: AssembledReport, *, number: int, content: str
) -> ReportVersion | None:
    """The version (unsaved) publishing would make today: its number and today's date
    are in every page's footer, so its PDF differs from the draft's. None when
    publishing would refuse (a failing block, nothing changed since the last version,
    as reports.publishing.publish judges a report): no PDF for a version that cannot be."""
    if unpublishable_reason(assembled):
        return None
    version = REPORT.new_version(report, number=number, user=None, rendered=assembled)
    latest = report.versions.order_by("-number").first()
    if latest is not None and REPORT.unchanged(latest, version, content):
        return None
    return version
