"""The ledger import in the admin: upload and check, then confirm; nothing is saved before.

As the ticket import (support.admin_import): the upload is kept in the default storage
between the two steps (ror_portal.uploads), the confirm form carries a signed reference
to it, and checking and importing are jobs for the task worker (budget.ledger_tasks)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.ledger import LedgerCheck
from budget.ledger_file import columns
from budget.ledger_tasks import check_ledger_upload, import_ledger_upload
from budget.models import LedgerFormat
from jobs.progress import start_job
from jobs.views import own_job, to_job_page
from ror_portal import uploads
from ror_portal.admin_site.site import page_context

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a month's postings are a few hundred kB
FOLDER = "ledger"
SIGNING_SALT = "budget.ledger-import"


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Ledger file"),
        help_text=gettext_lazy(
            "The general-ledger extract from the ERP, as CSV (separated by ; or ,) or XLSX."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.refuse_too_large(upload, MAX_UPLOAD_BYTES)
        return upload


def _require_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("budget.change_monthlyactual"):
        raise PermissionDenied


def upload_view(model_admin, request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: store the file and have the worker check it."""
    _require_permission(request)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = uploads.keep(upload, FOLDER)
        job, _started = start_job(
            check_ledger_upload,
            title=_("Check of %(file)s") % {"file": upload.name},
            user=request.user,
            arguments={"path": stored, "name": upload.name},
            follow=True,
        )
        return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
    headers = ", ".join(column.header for column in columns(LedgerFormat.current()))
    return TemplateResponse(
        request,
        "admin/budget/ledgerimport/upload.html",
        page_context(model_admin, request, _("Import a ledger file"), form=form, columns=headers),
    )


def checked_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """What the checked file would do, with the button that imports it where it changes
    anything."""
    _require_permission(request)
    job = own_job(request, pk)
    if job.status != job.Status.DONE or "check" not in job.result:
        return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
    check = LedgerCheck.from_json(job.result["check"])
    stored, name = job.arguments["path"], job.arguments["name"]
    token = None
    if check.ok and check.changes and default_storage.exists(stored):
        reference = {"path": stored, "name": name, "check": job.pk,
                     "restates": bool(check.restated)}  # fmt: skip
        token = uploads.signed_reference(reference, salt=SIGNING_SALT)
    return TemplateResponse(
        request,
        "admin/budget/ledgerimport/check.html",
        page_context(
            model_admin,
            request,
            _("Check the import of %(file)s") % {"file": name},
            check=check,
            token=token,
        ),
    )


def confirm_view(model_admin, request: HttpRequest) -> HttpResponse:
    """POST with the signed reference: have the worker import the stored file, once; a
    file that changes figures of published reports only with the box ticked."""
    _require_permission(request)
    upload_url = reverse("admin:budget_ledgerimport_upload")
    if request.method != "POST":
        return HttpResponseRedirect(upload_url)
    reference = uploads.confirmed_reference(request, salt=SIGNING_SALT)
    if reference is None:
        model_admin.message_user(request, uploads.GONE, messages.ERROR)
        return HttpResponseRedirect(upload_url)
    stored, file_name = reference["path"], reference["name"]
    confirmed = uploads.restatement_confirmed(request)
    if reference.get("restates") and not confirmed:
        model_admin.message_user(request, uploads.RESTATEMENT_NOT_CONFIRMED, messages.ERROR)
        return HttpResponseRedirect(
            reverse("admin:budget_ledgerimport_checked", args=[reference["check"]])
        )
    job, started = start_job(
        import_ledger_upload,
        title=_("Import of %(file)s") % {"file": file_name},
        user=request.user,
        key=f"ledger:{stored}",
        arguments={"path": stored, "name": file_name, "restatement_confirmed": confirmed},
    )
    return to_job_page(
        request,
        job,
        started,
        already=_("This file is being imported already (started %(when)s by %(who)s)."),
    )
