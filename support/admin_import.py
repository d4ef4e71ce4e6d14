"""The ticket import in the admin: upload and check, then confirm; nothing is saved before.

The upload is kept in the default storage between the two steps; the confirm form
carries a signed reference to it, so that nobody can point the import at another file.
Checking and importing are jobs for the task worker (support.tasks), shown on the job's
page with their progress. A file that changes figures of published reports is imported
only with the box that confirms it ticked, and the import records them.
"""

import datetime
import secrets

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.progress import start_job
from jobs.views import own_job, to_job_page
from ror_portal.downloads import as_download
from support.importing import COLUMNS, ImportSummary
from support.tasks import check_upload, import_upload

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Under the 255 Django cuts a longer name to, so that a cut name is refused too.
MAX_FILE_NAME_CHARS = 200
FOLDER = "imports"
SIGNING_SALT = "support.ticket-import"
KEPT_FOR = datetime.timedelta(hours=24)  # an unconfirmed upload is removed after this


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
        if len(upload.name) > MAX_FILE_NAME_CHARS:
            raise forms.ValidationError(
                _("The file name is too long: at most %(limit)s characters.")
                % {"limit": MAX_FILE_NAME_CHARS}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {
                    "size": round(upload.size / 1024 / 1024),
                    "limit": MAX_UPLOAD_BYTES // 1024 // 1024,
                }
            )
        return upload


def _require_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("support.add_ticket"):
        raise PermissionDenied


def _context(model_admin, request: HttpRequest, title: str, **context) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **context,
    }


def upload_view(model_admin, request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: store the file and have the worker check it; its job's
    page goes on to what would change."""
    _require_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _remove_stale_uploads()
        extension = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        stored = default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.{extension}", upload)
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
        _context(model_admin, request, _("Import tickets"), form=form, columns=", ".join(COLUMNS)),
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
        token = signing.dumps(reference, salt=SIGNING_SALT)
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
    try:
        reference = signing.loads(
            request.POST.get("upload", ""),
            salt=SIGNING_SALT,
            max_age=KEPT_FOR,
        )
        stored, file_name = reference["path"], reference["name"]
    except (signing.BadSignature, KeyError, TypeError):
        stored = file_name = None
    if not stored or not default_storage.exists(stored):
        model_admin.message_user(
            request,
            _("The upload is no longer available or not valid. Upload the file again."),
            messages.ERROR,
        )
        return HttpResponseRedirect(upload_url)
    confirmed = request.POST.get("restatement_confirmed") == "on"
    if reference.get("restates") and not confirmed:
        model_admin.message_user(
            request,
            _(
                "The import changes figures of published reports. Tick the box that confirms "
                "it to import the file."
            ),
            messages.ERROR,
        )
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
        _context(
            model_admin,
            request,
            _("Check the import of %(file)s") % {"file": file_name},
            summary=summary,
            token=token,
            changes_url=changes_url,
        ),
    )


def _remove_stale_uploads() -> None:
    """Remove uploads that were checked but never confirmed."""
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEPT_FOR
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue
