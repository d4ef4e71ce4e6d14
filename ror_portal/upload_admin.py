"""The admin's steps of an import that checks a file before saving it (budget.ledger_admin,
support.admin_import): the upload page, storing the upload and having the worker check
it, the checked job and the signed reference of the check page, and the confirmation
that has the worker import the file. What differs between the imports is a ``FileImport``; their
pages and what the check found stay theirs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.progress import start_job
from jobs.views import own_job, to_job_page
from ror_portal import uploads
from ror_portal.admin_site.site import page_context

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


class UploadForm(forms.Form):
    """One file, CSV or XLSX, refused over ``max_bytes`` before it is stored."""

    file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}))

    def __init__(
        self, *args, label: StrOrPromise, help_text: StrOrPromise, max_bytes: int, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields["file"].help_text = help_text
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.refuse_too_large(upload, self.max_bytes)
        return upload


@dataclass(frozen=True)
class FileImport:
    """One import's own names: who may use it, where its uploads are kept, its two
    worker tasks and its admin URLs."""

    permission: str
    folder: str  # in the default storage
    signing_salt: str
    max_upload_bytes: int
    file_label: StrOrPromise
    file_help: StrOrPromise
    check_task: Callable[..., Any]
    import_task: Callable[..., Any]
    upload_url_name: str
    checked_url_name: str  # takes the check's job
    key_prefix: str  # of the import job's key: a file is imported once

    def require_permission(self, request: HttpRequest) -> None:
        if not request.user.has_perm(self.permission):
            raise PermissionDenied

    def upload_page(
        self,
        model_admin,
        request: HttpRequest,
        template: str,
        title: str,
        columns: Callable[[], str],
    ) -> HttpResponse:
        """GET: the upload form, with the ``columns`` the file needs. POST: store the file
        and have the worker check it; its job's page goes on to the confirm page."""
        self.require_permission(request)
        form = UploadForm(
            request.POST or None,
            request.FILES or None,
            label=self.file_label,
            help_text=self.file_help,
            max_bytes=self.max_upload_bytes,
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            stored = uploads.keep(upload, self.folder)
            job, _started = start_job(
                self.check_task,
                title=_("Check of %(file)s") % {"file": upload.name},
                user=request.user,
                arguments={"path": stored, "name": upload.name},
                follow=True,
            )
            return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
        return TemplateResponse(
            request,
            template,
            page_context(model_admin, request, title, form=form, columns=columns()),
        )

    def checked_job(self, request: HttpRequest, pk: int, result: str) -> Job | HttpResponse:
        """The user's own check job with its ``result``; while it has none, the way back
        to the job's page."""
        self.require_permission(request)
        job = own_job(request, pk)
        if job.status != job.Status.DONE or result not in job.result:
            return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
        return job

    def confirm_token(self, job: Job, *, importable: bool, **found: Any) -> str | None:
        """What the confirm form carries: the signed reference to the checked file and
        what the check ``found`` that the import goes on from; None when there is nothing
        to import or the file is gone."""
        stored = job.arguments["path"]
        if not importable or not default_storage.exists(stored):
            return None
        reference = {"path": stored, "name": job.arguments["name"], "check": job.pk, **found}
        return uploads.signed_reference(reference, salt=self.signing_salt)

    def check_page(
        self, model_admin, request: HttpRequest, template: str, job: Job, **context
    ) -> TemplateResponse:
        """The page of what the checked file would do."""
        title = _("Check the import of %(file)s") % {"file": job.arguments["name"]}
        return TemplateResponse(
            request, template, page_context(model_admin, request, title, **context)
        )

    def confirm(
        self, model_admin, request: HttpRequest, arguments: Callable[[dict], dict]
    ) -> HttpResponse:
        """POST with the signed reference: have the worker import the stored file, once:
        the same file confirmed twice (two tabs, two administrators) is shown the first
        one's job. A file that changes figures of published reports only with the box
        ticked. ``arguments`` gives the import's own arguments from the reference."""
        self.require_permission(request)
        upload_url = reverse(self.upload_url_name)
        if request.method != "POST":
            return HttpResponseRedirect(upload_url)
        reference = uploads.confirmed_reference(request, salt=self.signing_salt)
        if reference is None:
            model_admin.message_user(request, uploads.GONE, messages.ERROR)
            return HttpResponseRedirect(upload_url)
        stored, file_name = reference["path"], reference["name"]
        confirmed = uploads.restatement_confirmed(request)
        if reference.get("restates") and not confirmed:
            model_admin.message_user(request, uploads.RESTATEMENT_NOT_CONFIRMED, messages.ERROR)
            return HttpResponseRedirect(reverse(self.checked_url_name, args=[reference["check"]]))
        job, started = start_job(
            self.import_task,
            title=_("Import of %(file)s") % {"file": file_name},
            user=request.user,
            key=f"{self.key_prefix}:{stored}",
            arguments={"path": stored, "name": file_name, **arguments(reference),
                       "restatement_confirmed": confirmed},
        )  # fmt: skip
        return to_job_page(
            request,
            job,
            started,
            already=_("This file is being imported already (started %(when)s by %(who)s)."),
        )
