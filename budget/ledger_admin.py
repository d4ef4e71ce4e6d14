"""The ledger import in the admin: upload and check, then confirm; nothing is saved before.

As the ticket import (support.admin_import): the upload is kept in the default storage
between the two steps (ror_portal.uploads), the confirm form carries a signed reference
to it, and checking and importing are jobs for the task worker (budget.ledger_tasks); the
steps both share are ror_portal.upload_admin's."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.ledger import LedgerCheck
from budget.ledger_file import columns
from budget.ledger_tasks import check_ledger_upload, import_ledger_upload
from budget.models import LedgerFormat
from jobs.models import Job
from ror_portal.upload_admin import FileImport

LEDGER_IMPORT = FileImport(
    permission="budget.change_monthlyactual",
    folder="ledger",
    signing_salt="budget.ledger-import",
    max_upload_bytes=20 * 1024 * 1024,  # a month's postings are a few hundred kB
    file_label=gettext_lazy("Ledger file"),
    file_help=gettext_lazy(
        "The general-ledger extract from the ERP, as CSV (separated by ; or ,) or XLSX."
    ),
    check_task=check_ledger_upload,
    import_task=import_ledger_upload,
    upload_url_name="admin:budget_ledgerimport_upload",
    checked_url_name="admin:budget_ledgerimport_checked",
    key_prefix="ledger",
)


def upload_view(model_admin, request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: store the file and have the worker check it."""
    return LEDGER_IMPORT.upload_page(
        model_admin,
        request,
        "admin/budget/ledgerimport/upload.html",
        _("Import a ledger file"),
        lambda: ", ".join(column.header for column in columns(LedgerFormat.current())),
    )


def checked_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """What the checked file would do, with the button that imports it where it changes
    anything."""
    job = LEDGER_IMPORT.checked_job(request, pk, "check")
    if not isinstance(job, Job):
        return job
    check = LedgerCheck.from_json(job.result["check"])
    token = LEDGER_IMPORT.confirm_token(
        job, importable=check.ok and bool(check.changes), restates=bool(check.restated)
    )
    return LEDGER_IMPORT.check_page(
        model_admin, request, "admin/budget/ledgerimport/check.html", job, check=check, token=token
    )


def confirm_view(model_admin, request: HttpRequest) -> HttpResponse:
    """POST with the signed reference: have the worker import the stored file, once."""
    return LEDGER_IMPORT.confirm(model_admin, request, lambda reference: {})
