"""The meeting admin's «Last ned arkivpakke»: the meeting's archive package as a zip
(publicaccess.archive_package), made from the stored files when it is asked for. For
whoever may view the meeting in the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from publicaccess.archive_package import build_package
from reports.integrity import StoredFileChanged
from reports.models import BoardMeeting
from ror_portal.downloads import as_download


class ArchivePackageAdminMixin:
    """The archive package's address under the meeting: …/<pk>/arkivpakke.zip."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/arkivpakke.zip",
                wrap(self.archive_package_view),
                name="reports_boardmeeting_archive_package",
            ),
            *super().get_urls(),
        ]

    def archive_package_view(self, request, pk) -> HttpResponse:
        meeting = get_object_or_404(BoardMeeting, pk=pk)
        if not self.has_view_permission(request, meeting):
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
