"""The ledger import's two steps as jobs for the task worker: checking an uploaded file,
and importing it once confirmed, as the ticket import does (support.tasks)."""

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from budget.ledger import check_ledger, import_ledger
from jobs.progress import Progress, job_task
from ror_portal import uploads
from ror_portal.formatting import format_number

UPLOAD = "admin:budget_ledgerimport_upload"


@job_task
def check_ledger_upload(progress: Progress) -> None:
    """Check the stored upload and keep the check for the confirm page. A file that can
    never be imported is removed at once."""
    stored, name = progress.arguments["path"], progress.arguments["name"]
    progress.step(_("Checking the postings"))
    with default_storage.open(stored, "rb") as file:
        check = check_ledger(file, name, progress=_rows_told(progress))
    uploads.finish_check(
        progress,
        check,
        stored,
        url=reverse("admin:budget_ledgerimport_checked", args=[progress.job.pk]),
        result={"check": check.as_json()},
    )


@job_task
def import_ledger_upload(progress: Progress) -> None:
    """Import the confirmed upload, all of it or nothing, then remove the file."""
    name = progress.arguments["name"]
    progress.step(_("Saving the actuals"))
    saved = uploads.import_stored(
        progress,
        lambda file: import_ledger(
            file,
            name,
            user=progress.job.started_by,
            progress=_rows_told(progress),
            confirmed=progress.arguments.get("restatement_confirmed", False),
        ),
        taken_first=_(
            "Another import saved some of the same actuals at the same moment, so "
            "nothing of %(file)s was saved. Upload it again to check it against the "
            "actuals as they are now."
        ),
        upload_url=reverse(UPLOAD),
    )
    if saved is None:
        return
    check, record = saved
    if not check.ok:  # the lines changed since the check
        uploads.upload_again(
            progress, check.rejection_text(), url=reverse(UPLOAD), errors=check.errors
        )
        return
    if record is None:
        outcome = [check.counts_text()]
    else:
        outcome = [
            _("The actuals from %(file)s are saved: %(changed)s changed.")
            % {"file": name, "changed": format_number(record.changed)}
        ]
        if check.restated:
            outcome.append(check.restated_text())
    progress.finish(
        " ".join(outcome),
        url=reverse("admin:budget_budgetline_actuals")
        + f"?year={check.year}&month={check.months[-1]}",
        result={"link": _("See the actuals")},
    )


def _rows_told(progress: Progress):
    def told(rows: int) -> None:
        progress.step(
            _("Checking the postings"), detail=_("Row %(row)s") % {"row": format_number(rows)}
        )

    return told
