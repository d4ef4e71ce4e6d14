"""The meeting admin's notice: the «Send innkalling» page (confirm, then publish the
drafts and send), "send again" for a notice that failed, and the notices on the change
page with their recipients' addresses."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import MeetingNotice
from meetings.notice import called_members, meeting_notice_send, notice_send_again, refusal
from reports.models import BoardMeeting


class NoticeAdminMixin:
    """The meeting admin's notice pages."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/innkalling/", wrap(self.notice_view), name="reports_boardmeeting_notice"
            ),
            path(
                "<int:pk>/innkalling/<int:notice>/send-igjen/",
                wrap(self.notice_again_view),
                name="reports_boardmeeting_notice_again",
            ),
            *super().get_urls(),
        ]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [*fields, "notices_sent"] if obj is not None else fields

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "notices_sent"]

    @admin.display(description=gettext_lazy("notices"))
    def notices_sent(self, obj: BoardMeeting) -> str:
        return render_to_string(
            "admin/meetings/includes/notices.html",
            {"notices": obj.notices.order_by("-queued_at")},
        )

    def _meeting_for_change(self, request, pk) -> BoardMeeting:
        meeting = get_object_or_404(BoardMeeting, pk=pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        return meeting

    def _to_change_page(self, meeting: BoardMeeting) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:reports_boardmeeting_change", args=[meeting.pk]))

    def notice_view(self, request, pk):
        """GET: who is called, the time, place and agenda, and that the drafts become
        visible. POST: publish the drafts and send the notice (after the commit)."""
        meeting = self._meeting_for_change(request, pk)
        if request.method == "POST":
            try:
                notice = meeting_notice_send(meeting=meeting, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                message = _(
                    "The notice of %(meeting)s is on its way (recipients: %(count)s); its "
                    "cases are published."
                ) % {"meeting": meeting, "count": len(notice.recipients)}
                self.message_user(request, message, messages.SUCCESS)
            return self._to_change_page(meeting)
        members = called_members(meeting)
        cases = list(meeting.cases.order_by("number"))
        return TemplateResponse(
            request,
            "admin/meetings/notice_confirm.html",
            {
                **self.admin_site.each_context(request),
                "opts": BoardMeeting._meta,
                "original": meeting,
                "title": _("Send the notice of %(meeting)s") % {"meeting": meeting},
                "members": members,
                "cases": cases,
                "drafts": [case for case in cases if case.published_at is None],
                "refusal": refusal(meeting, members),
                "notices": meeting.notices.order_by("-queued_at"),
            },
        )

    def notice_again_view(self, request, pk, notice):
        """The "send again" button of a notice that failed: POST only."""
        meeting = self._meeting_for_change(request, pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        found = get_object_or_404(MeetingNotice, pk=notice, meeting=meeting)
        if notice_send_again(found):
            self.message_user(request, _("The notice is being sent again."), messages.SUCCESS)
        else:
            self.message_user(
                request,
                _("The notice is sent or on its way: there is nothing to send again."),
                messages.WARNING,
            )
        return self._to_change_page(meeting)
