"""The ticket import's two steps as jobs for the task worker: checking an upload (or the
tickets a sync fetched from Pureservice), and importing it once confirmed. A large
export takes longer than a web request may."""

import datetime
import io
import tempfile
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.progress import Progress, job_task
from ror_portal import uploads
from ror_portal.formatting import format_number
from support import sync
from support.importing import (
    CHECKING,
    RESTATING,
    ChangedSinceCheck,
    check_tickets,
    count_rows,
    import_checked,
)
from support.pureservice import PureserviceError, client_from_settings

UPLOAD = "admin:support_ticket_import"


@job_task
def check_upload(progress: Progress) -> None:
    """Check the stored upload and keep what an import would do for the confirm page."""
    _check_stored(progress, progress.arguments["path"], progress.arguments["name"])


@job_task
def sync_pureservice(progress: Progress) -> None:
    """Fetch the tickets changed in Pureservice since the last imported sync, store them
    as an export file and check it as an upload is checked: the job goes on to the same
    confirm page. Nothing is stored if the fetching fails."""
    client = client_from_settings()
    if client is None:
        raise ValidationError(sync.not_configured())
    since = sync.last_fetched()

    def told(page: int, tickets: int) -> None:
        progress.step(
            _("Fetching page %(page)s") % {"page": format_number(page)},
            detail=_("%(count)s tickets so far") % {"count": format_number(tickets)},
        )

    try:
        fetched = sync.fetch_changed(client, since=since, told=told)
    except PureserviceError as error:
        progress.fail(
            str(error),
            url=reverse("admin:support_ticket_changelist"),
            result={"link": _("See the tickets")},
        )
        return
    with fetched.file:
        if fetched.newest is None:  # no ticket
            progress.finish(sync.nothing_changed(since))
            return
        name = fetched.file_name(timezone.now())
        stored = default_storage.save(f"{sync.FOLDER}/{name}", File(fetched.file))
    # The confirm page and the import read the file and the sync's end from here.
    progress.job.arguments = {"path": stored, "name": name,
                              "fetched_until": fetched.newest.isoformat()}  # fmt: skip
    Job.objects.filter(pk=progress.job.pk).update(arguments=progress.job.arguments)
    _check_stored(progress, stored, name)


def _check_stored(progress: Progress, stored: str, name: str) -> None:
    """Check the stored upload and keep what an import would do for the confirm page,
    with every changed field in a CSV beside the upload. A file that can never be
    imported is removed at once."""
    progress.step(_("Counting the rows"))
    changes = ""
    with default_storage.open(stored, "rb") as file, tempfile.TemporaryFile() as raw:
        total = count_rows(file, name)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")  # Excel reads the BOM
        summary = check_tickets(file, name, progress=_rows_told(progress, total), changes=text)
        text.flush()
        if summary.changed:
            raw.seek(0)
            changes = default_storage.save(changes_path(stored), File(raw))
        text.detach()
    uploads.finish_check(
        progress,
        summary,
        stored,
        url=reverse("admin:support_ticket_import_checked", args=[progress.job.pk]),
        result={"summary": asdict(summary), "rows": total, "changes": changes},
    )


def changes_path(stored: str) -> str:
    """Where a checked upload's changed fields are kept, beside it (and removed with it
    when stale, ror_portal.uploads.remove_stale)."""
    return f"{stored.rpartition('.')[0]}-changes.csv"


@job_task
def import_upload(progress: Progress) -> None:
    """Import the confirmed upload, all of it or nothing, then remove the file. What
    stops it is told in words, with the way back to the upload."""
    stored, name = progress.arguments["path"], progress.arguments["name"]
    fetched_until = progress.arguments.get("fetched_until")  # a sync's, see sync_pureservice
    # the earliest day the check found the file changes anything of (none: "")
    earliest = progress.arguments.get("earliest")
    try:
        summary = uploads.import_stored(
            progress,
            lambda file: import_checked(
                file,
                name,
                earliest=datetime.date.fromisoformat(earliest) if earliest else None,
                confirmed=progress.arguments.get("restatement_confirmed", False),
                progress=_rows_told(progress, progress.arguments.get("rows")),
                user=progress.job.started_by,
                fetched_until=datetime.datetime.fromisoformat(fetched_until)
                if fetched_until
                else None,
            ),
            taken_first=_(
                "Another import saved some of the same tickets at the same moment, so "
                "nothing of %(file)s was saved. Upload it again to check it against the "
                "tickets as they are now."
            ),
            upload_url=reverse(UPLOAD),
            kept_beside=(changes_path(stored),),
        )
    except ChangedSinceCheck:
        _upload_again(
            progress,
            _(
                "The tickets changed after %(file)s was checked, so nothing of it was saved. "
                "Upload it again to check it against the tickets as they are now."
            )
            % {"file": name},
        )
        return
    if summary is None:
        return
    if not summary.ok:  # the tickets or categories changed since the check
        _upload_again(progress, summary.rejection_text(), errors=summary.errors)
        return
    outcome = [_("The tickets from %(file)s are imported.") % {"file": name}, summary.counts_text()]
    if summary.restated:
        outcome.append(summary.restated_text())
    progress.finish(
        " ".join(outcome),
        url=reverse("admin:support_ticket_changelist"),
        result={"link": _("See the tickets")},
    )


def _upload_again(progress: Progress, message: str, errors: list[str] | None = None) -> None:
    uploads.upload_again(progress, message, url=reverse(UPLOAD), errors=errors)


def _rows_told(progress: Progress, total: int | None):
    def told(stage: str, rows: int) -> None:
        if total:
            detail = _("Row %(row)s of %(total)s") % {
                "row": format_number(rows),
                "total": format_number(total),
            }
        else:
            detail = _("Row %(row)s") % {"row": format_number(rows)}
        steps = {
            CHECKING: _("Checking the rows"),
            RESTATING: _("Working out the effect on published figures"),
        }
        progress.step(
            steps.get(stage, _("Saving the tickets")),
            detail=detail,
            done=rows,
            total=total,
        )

    return told
