"""The ticket import in the admin: upload and check, then confirm; nothing is saved before.

The upload is kept between the two steps as ror_portal.uploads keeps it.
Checking and importing are jobs for the task worker (support.tasks), shown on the job's
page with their progress. A file that changes figures of published reports is imported
only with the box that confirms it ticked, and the import records them.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.progress import start_job
from jobs.views import own_job, to_job_page
from ror_portal import uploads
from ror_portal.admin_site.site import page_context
from ror_portal.downloads import as_download
from support.importing import COLUMNS, ImportSummary
from support.tasks import check_upload, import_upload

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FOLDER = "imports"
SIGNING_SALT = "support.ticket-import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Export file"),
        help_text=gettext_lazy(
            "The ticket export from Pureservice, as CSV (separated by ; or ,) or XLSX."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.refuse_too_large(upload, MAX_UPLOAD_BYTES)
        return upload


def _require_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("support.add_ticket"):
        raise PermissionDenied


def upload_view(model_admin, request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: store the file and have the worker check it; its job's
    page goes on to what would change."""
    _require_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = uploads.keep(upload, FOLDER)
        job, _started = start_job(
            check_upload,
            title=_("Check of %(file)s") % {"file": upload.name},
            user=request.user,
            arguments={"path": stored, "name": upload.name},
            follow=True,
        )
        return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
    return TemplateResponse(
        request,
        "admin/support/ticket/import_upload.html",
        page_context(
            model_admin, request, _("Import tickets"), form=form, columns=", ".join(COLUMNS)
        ),
    )


def checked_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """What the checked upload would do, with the button that imports it."""
    _require_permission(request)
    job = own_job(request, pk)
    if job.status != job.Status.DONE or "summary" not in job.result:
        return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
    summary = ImportSummary(**job.result["summary"])
    stored, name = job.arguments["path"], job.arguments["name"]
    token = None
    if summary.ok and default_storage.exists(stored):
        reference = {
            "path": stored,
            "name": name,
            "rows": job.result.get("rows"),
            "check": job.pk,
            "earliest": summary.earliest,
            "restates": bool(summary.restated),
            "fetched_until": job.arguments.get("fetched_until"),
        }
        token = uploads.signed_reference(reference, salt=SIGNING_SALT)
    return _confirm_page(
        model_admin,
        request,
        summary,
        file_name=name,
        token=token,
        changes_url=reverse("admin:support_ticket_import_changes", args=[job.pk])
        if job.result.get("changes")
        else "",
    )


def changes_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """Every changed field of the checked upload's changed tickets, as CSV."""
    _require_permission(request)
    job = own_job(request, pk)
    changes = job.result.get("changes") if job.status == job.Status.DONE else None
    if not changes or not default_storage.exists(changes):
        raise Http404
    return as_download(
        FileResponse(default_storage.open(changes, "rb"), content_type="text/csv; charset=utf-8"),
        _("changed-tickets-%(file)s.csv") % {"file": job.arguments["name"].rpartition(".")[0]},
    )


def confirm_view(model_admin, request: HttpRequest) -> HttpResponse:
    """POST with the signed reference: have the worker import the stored file. The same
    file confirmed twice (two tabs, two administrators) is imported once: the second is
    shown the first one's job."""
    _require_permission(request)
    upload_url = reverse("admin:support_ticket_import")
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
            reverse("admin:support_ticket_import_checked", args=[reference["check"]])
        )
    job, started = start_job(
        import_upload,
        title=_("Import of %(file)s") % {"file": file_name},
        user=request.user,
        key=f"import:{stored}",
        arguments={
            "path": stored,
            "name": file_name,
            "rows": reference.get("rows"),
            "fetched_until": reference.get("fetched_until"),
            "earliest": reference.get("earliest", ""),
            "restatement_confirmed": confirmed,
        },
    )
    return to_job_page(
        request,
        job,
        started,
        already=_("This file is being imported already (started %(when)s by %(who)s)."),
    )


def _confirm_page(
    model_admin,
    request: HttpRequest,
    summary: ImportSummary,
    *,
    file_name: str,
    token: str | None,
    changes_url: str,
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "admin/support/ticket/import_confirm.html",
        page_context(
            model_admin,
            request,
            _("Check the import of %(file)s") % {"file": file_name},
            summary=summary,
            token=token,
            changes_url=changes_url,
        ),
    )
