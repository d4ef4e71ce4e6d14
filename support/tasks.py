"""The ticket import's two steps as jobs for the task worker: checking an upload (or the
tickets a sync fetched from Pureservice), and importing it once confirmed. A large
export takes longer than a web request may."""

import datetime
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, OperationalError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.progress import Progress, job_task
from ror_portal.formatting import format_number
from support import sync
from support.importing import CHECKING, check_tickets, count_rows, import_tickets
from support.pureservice import PureserviceError, client_from_settings


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
    """Check a stored export and keep what an import would do for the confirm page.
    A file that can never be imported is removed at once."""
    progress.step(_("Counting the rows"))
    with default_storage.open(stored, "rb") as file:
        total = count_rows(file, name)
        summary = check_tickets(file, name, progress=_rows_told(progress, total))
    if not summary.ok:
        default_storage.delete(stored)
    progress.finish(
        summary.counts_text() if summary.ok else summary.rejection_text(),
        url=reverse("admin:support_ticket_import_checked", args=[progress.job.pk]),
        result={"summary": asdict(summary), "rows": total},
    )


@job_task
def import_upload(progress: Progress) -> None:
    """Import the confirmed upload, all of it or nothing, then remove the file. What
    stops it is told in words, with the way back to the upload."""
    stored, name = progress.arguments["path"], progress.arguments["name"]
    fetched_until = progress.arguments.get("fetched_until")  # a sync's, see sync_pureservice
    try:
        with default_storage.open(stored, "rb") as file:
            summary = import_tickets(
                file,
                name,
                progress=_rows_told(progress, progress.arguments.get("rows")),
                user=progress.job.started_by,
                fetched_until=datetime.datetime.fromisoformat(fetched_until)
                if fetched_until
                else None,
            )
    except IntegrityError:
        # PostgreSQL: another import saved some of the same new tickets first; the
        # whole file was rolled back, and its check no longer holds.
        _upload_again(
            progress,
            _(
                "Another import saved some of the same tickets at the same moment, so "
                "nothing of %(file)s was saved. Upload it again to check it against the "
                "tickets as they are now."
            )
            % {"file": name},
        )
        return
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        # SQLite has one writer: a publish or another import was saving.
        _upload_again(
            progress,
            _(
                "The database was busy saving something else (another import or a "
                "publish), so nothing of %(file)s was saved. Upload it again in a minute."
            )
            % {"file": name},
        )
        return
    finally:
        default_storage.delete(stored)
    if not summary.ok:  # the tickets or categories changed since the check
        _upload_again(progress, summary.rejection_text(), errors=summary.errors)
        return
    progress.finish(
        _("The tickets from %(file)s are imported.") % {"file": name} + " " + summary.counts_text(),
        url=reverse("admin:support_ticket_changelist"),
        result={"link": _("See the tickets")},
    )


def _upload_again(progress: Progress, message: str, errors: list[str] | None = None) -> None:
    progress.fail(
        message,
        url=reverse("admin:support_ticket_import"),
        result={"link": _("Upload again"), "errors": errors or []},
    )


def _rows_told(progress: Progress, total: int | None):
    def told(stage: str, rows: int) -> None:
        if total:
            detail = _("Row %(row)s of %(total)s") % {
                "row": format_number(rows),
                "total": format_number(total),
            }
        else:
            detail = _("Row %(row)s") % {"row": format_number(rows)}
        progress.step(
            _("Checking the rows") if stage == CHECKING else _("Saving the tickets"),
            detail=detail,
            done=rows,
            total=total,
        )

    return told
