"""The admin's publishing pages of a frozen document, the same for each kind: the
confirmation page that publishes the next version (as a job), and "send the notice
again" of a version whose notice failed."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from jobs.views import to_job_page
from reports.admin_forms import PublishOnceForm
from reports.jobs import start_publish
from reports.publishing import FrozenDocument, kind_documents, next_version_number
from reports.tasks import notice_send_again

# What else a publish confirmation shows of the document about to be published, each a
# function (kind, document) -> context (publicaccess: what the public edition withholds,
# shown by admin/reports/includes/withheld_from_public.html).
PUBLISH_CONFIRMATIONS: list[Callable[[FrozenDocument, Any], dict]] = []


class FrozenDocumentAdmin(SimpleHistoryAdmin):
    """The admin of a model whose document is published as frozen versions. A subclass
    names its ``kind``, the form and template of its confirmation page, and what that
    page shows besides (``publish_context``)."""

    kind: FrozenDocument
    publish_form: type[PublishOnceForm] = PublishOnceForm
    publish_template: str
    # Where the publishing pages are under the document's own: a meeting's publish its
    # minutes, and are under them ("protokoll/").
    publishing_path = ""

    def get_urls(self) -> list:
        wrap, info = self.admin_site.admin_view, self.model._meta.label_lower.replace(".", "_")
        under = f"<int:pk>/{self.publishing_path}"
        return [
            path(f"{under}publiser/", wrap(self.publish_view), name=f"{info}_publish"),
            path(
                f"{under}versjon/<int:number>/send-varsel/",
                wrap(self.resend_notice_view),
                name=f"{info}_resend_notice",
            ),
            *super().get_urls(),
        ]

    def document_for_change(self, request, pk):
        document = get_object_or_404(kind_documents(self.kind), pk=pk)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        return document

    def publish_title(self, document) -> str:
        raise NotImplementedError

    def publish_context(self, document) -> dict:
        """What the confirmation page shows besides, computed only when it is shown."""
        return {}

    def publish_view(self, request, pk) -> HttpResponse:
        """Publishing is deliberate: a page that shows the number of the version it
        publishes, and whose form carries that number back, so that only its POST
        publishes, and only that version, once."""
        document = self.document_for_change(request, pk)
        form = self.publish_form(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if "next_version" in form.errors:
                # Not from the confirmation page (no version number): the page is
                # shown instead, which says what would be published.
                self.message_user(
                    request,
                    _("Check what will be published, then confirm on this page."),
                    messages.WARNING,
                )
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                options = dict(form.cleaned_data)
                number = options.pop("next_version")
                job, started = start_publish(
                    self.kind, document, user=request.user, number=number, **options
                )
                return to_job_page(
                    request,
                    job,
                    started,
                    already=_(
                        "This version is being published already (started %(when)s by %(who)s)."
                    ),
                )
        next_version = next_version_number(self.kind.versions(document))
        form.initial["next_version"] = next_version
        extras = {}
        for extra in PUBLISH_CONFIRMATIONS:
            extras.update(extra(self.kind, document))
        return TemplateResponse(
            request,
            self.publish_template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": document,
                "title": self.publish_title(document),
                "form": form,
                "next_version": next_version,
                **self.publish_context(document),
                **extras,
            },
        )

    def resend_notice_view(self, request, pk, number) -> HttpResponse:
        """The "send the notice again" button of a version whose notice failed."""
        document = self.document_for_change(request, pk)
        version = get_object_or_404(self.kind.versions(document), number=number)
        if request.method == "POST" and version.notice_sent_at is None:
            notice_send_again(version=version)
            self.message_user(
                request,
                _("The notice of version %(number)s is being sent again.") % {"number": number},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse(self.kind.admin_page, args=[document.pk]))
