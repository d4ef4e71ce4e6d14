"""The ticket import in the admin: upload and check, then confirm; nothing is saved before.

The upload is kept between the two steps as ror_portal.uploads keeps it, and the steps
the ledger import shares are ror_portal.upload_admin's.
Checking and importing are jobs for the task worker (support.tasks), shown on the job's
page with their progress. A file that changes figures of published reports is imported
only with the box that confirms it ticked, and the import records them.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models import Job
from jobs.views import own_job
from ror_portal.downloads import as_download
from ror_portal.upload_admin import FileImport
from support.importing import COLUMNS, ImportSummary
from support.tasks import check_upload, import_upload

FOLDER = "imports"
TICKET_IMPORT = FileImport(
    permission="support.add_ticket",
    folder=FOLDER,
    signing_salt="support.ticket-import",
    max_upload_bytes=50 * 1024 * 1024,
    file_label=gettext_lazy("Export file"),
    file_help=gettext_lazy(
        "The ticket export from Pureservice, as CSV (separated by ; or ,) or XLSX."
    ),
    check_task=check_upload,
    import_task=import_upload,
    upload_url_name="admin:support_ticket_import",
    checked_url_name="admin:support_ticket_import_checked",
    key_prefix="import",
)


def upload_view(model_admin, request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: store the file and have the worker check it; its job's
    page goes on to what would change."""
    return TICKET_IMPORT.upload_page(
        model_admin,
        request,
        "admin/support/ticket/import_upload.html",
        _("Import tickets"),
        lambda: ", ".join(COLUMNS),
    )


def checked_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """What the checked upload would do, with the button that imports it."""
    job = TICKET_IMPORT.checked_job(request, pk, "summary")
    if not isinstance(job, Job):
        return job
    summary = ImportSummary(**job.result["summary"])
    token = TICKET_IMPORT.confirm_token(
        job,
        importable=summary.ok,
        rows=job.result.get("rows"),
        earliest=summary.earliest,
        restates=bool(summary.restated),
        fetched_until=job.arguments.get("fetched_until"),
    )
    changes = job.result.get("changes")
    return TICKET_IMPORT.check_page(
        model_admin,
        request,
        "admin/support/ticket/import_confirm.html",
        job,
        summary=summary,
        token=token,
        changes_url=reverse("admin:support_ticket_import_changes", args=[job.pk])
        if changes
        else "",
    )


def changes_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """Every changed field of the checked upload's changed tickets, as CSV."""
    TICKET_IMPORT.require_permission(request)
    job = own_job(request, pk)
    changes = job.result.get("changes") if job.status == job.Status.DONE else None
    if not changes or not default_storage.exists(changes):
        raise Http404
    return as_download(
        FileResponse(default_storage.open(changes, "rb"), content_type="text/csv; charset=utf-8"),
        _("changed-tickets-%(file)s.csv") % {"file": job.arguments["name"].rpartition(".")[0]},
    )


def confirm_view(model_admin, request: HttpRequest) -> HttpResponse:
    """POST with the signed reference: have the worker import the stored file, with what
    the check found that the import goes on from."""
    return TICKET_IMPORT.confirm(
        model_admin,
        request,
        lambda reference: {
            "rows": reference.get("rows"),
            "fetched_until": reference.get("fetched_until"),
            "earliest": reference.get("earliest", ""),
        },
    )
