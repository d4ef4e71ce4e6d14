"""The ticket import in the admin: upload and check, then confirm; nothing is saved before.

The upload is kept in the default storage between the two steps; the confirm form
carries a signed reference to it, so that nobody can point the import at another file.
"""

import datetime
import secrets

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from support.importing import COLUMNS, ImportSummary, check_tickets, import_tickets

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
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
    """GET: the upload form. POST: store the file, check it, and show what would change."""
    _require_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _remove_stale_uploads()
        extension = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        stored = default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.{extension}", upload)
        with default_storage.open(stored, "rb") as file:
            summary = check_tickets(file, stored)
        token = None
        if summary.ok:
            token = signing.dumps({"path": stored, "name": upload.name}, salt=SIGNING_SALT)
        else:
            default_storage.delete(stored)  # it can never be confirmed
        return _confirm_page(model_admin, request, summary, file_name=upload.name, token=token)
    return TemplateResponse(
        request,
        "admin/support/ticket/import_upload.html",
        _context(model_admin, request, _("Import tickets"), form=form, columns=", ".join(COLUMNS)),
    )


def confirm_view(model_admin, request: HttpRequest) -> HttpResponse:
    """POST with the signed reference: import the stored file, then remove it."""
    _require_permission(request)
    upload_url = reverse("admin:support_ticket_import")
    if request.method != "POST":
        return HttpResponseRedirect(upload_url)
    try:
        reference = signing.loads(
            request.POST.get("upload", ""),
            salt=SIGNING_SALT,
            max_age=KEPT_FOR.total_seconds(),
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
    try:
        with default_storage.open(stored, "rb") as file:
            summary = import_tickets(file, file_name or stored, user=request.user)
    finally:
        default_storage.delete(stored)
    if not summary.ok:  # the tickets or categories changed since the check
        return _confirm_page(model_admin, request, summary, file_name=file_name, token=None)
    model_admin.message_user(
        request,
        _("The tickets from %(file)s are imported.") % {"file": file_name}
        + " "
        + summary.counts_text(),
        messages.SUCCESS,
    )
    return HttpResponseRedirect(reverse("admin:support_ticket_changelist"))


def _confirm_page(
    model_admin,
    request: HttpRequest,
    summary: ImportSummary,
    *,
    file_name: str,
    token: str | None,
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
