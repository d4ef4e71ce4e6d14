"""The public editions in the admin (read-only), and the meeting's «Last ned
arkivpakke»: its archive package as a zip (publicaccess.archive_package), made from the
stored files when it is asked for, for whoever may view the meeting in the admin. The
meeting's admin page links to it (admin/reports/boardmeeting/change_form.html) where
this app is installed."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from publicaccess.archive_package import build_package
from publicaccess.models import PublicEdition
from reports.integrity import StoredFileChanged
from reports.models import BoardMeeting
from ror_portal.admin_site.site import RecordAdmin
from ror_portal.downloads import as_download


@admin.register(PublicEdition)
class PublicEditionAdmin(RecordAdmin):
    """What the public got of each version: read-only, as the versions are. Under it,
    each meeting's archive package: …/arkivpakke/<meeting>.zip."""

    list_display = ["title", "kind", "number", "meeting", "published_at"]
    list_filter = ["kind", "meeting"]
    readonly_fields = [
        "kind", "meeting", "title", "number", "published_at", "withheld", "html", "pdf",
        "html_sha256", "pdf_sha256",
    ]  # fmt: skip
    exclude = ["content_type", "object_id", "slug", "figures", "text"]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "arkivpakke/<int:pk>.zip",
                wrap(self.archive_package_view),
                name="publicaccess_archive_package",
            ),
            *super().get_urls(),
        ]

    def archive_package_view(self, request, pk) -> HttpResponse:
        meeting = get_object_or_404(BoardMeeting, pk=pk)
        if not self.admin_site.get_model_admin(BoardMeeting).has_view_permission(request, meeting):
            raise PermissionDenied
        try:
            package = build_package(meeting)
        except StoredFileChanged as error:
            self.message_user(
                request,
                _(
                    "The archive package was not made: a stored file does not match its "
                    "SHA-256 (%(file)s). Put it back from a backup."
                )
                % {"file": error.problem.name},
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse("admin:reports_boardmeeting_change", args=[meeting.pk])
            )
        return as_download(HttpResponse(package.data, content_type="application/zip"), package.name)
