"""The meeting admin's minutes pages: recording them (who came, what was decided), their
preview (HTML, and the draft's PDF) and publishing them as versions (FrozenDocumentAdmin
with the minutes' kind)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from meetings.minutes import MINUTES, minutes_content, minutes_print_html
from meetings.minutes_forms import MinutesForm
from meetings.minutes_jobs import start_minutes_draft_pdf
from reports.admin_publishing import FrozenDocumentAdmin
from reports.models import BoardMeeting
from reports.pdf import cached_pdf
from ror_portal.downloads import as_download


class MinutesAdminMixin(FrozenDocumentAdmin):
    """The meeting admin's minutes pages, under the meeting's "protokoll/"."""

    kind = MINUTES
    publish_template = "admin/meetings/minutes_publish.html"
    publishing_path = "protokoll/"

    def get_urls(self) -> list:
        wrap, info = self.admin_site.admin_view, "reports_boardmeeting"
        return [
            path("<int:pk>/protokoll/", wrap(self.minutes_view), name=f"{info}_minutes"),
            path(
                "<int:pk>/protokoll/utkast/",
                wrap(self.minutes_preview_view),
                name=f"{info}_minutes_preview",
            ),
            path(
                "<int:pk>/protokoll/utkast.pdf",
                wrap(self.minutes_draft_pdf_view),
                name=f"{info}_minutes_draft_pdf",
            ),
            *super().get_urls(),
        ]

    def _page(self, request, meeting: BoardMeeting, template: str, title: str, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": meeting,
                "title": title,
                **context,
            },
        )

    def minutes_view(self, request, pk) -> HttpResponse:
        """Recording the minutes: the attendance and each case's decision, one form."""
        meeting = self.document_for_change(request, pk)
        form = MinutesForm(meeting, request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if form.is_valid():
                form.save(user=request.user)
                self.message_user(request, _("The minutes are saved."), messages.SUCCESS)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                _("Nothing was saved: correct the errors marked below."),
                messages.ERROR,
            )
        return self._page(
            request,
            meeting,
            "admin/meetings/minutes.html",
            _("Minutes of meeting %(number)s") % {"number": meeting.number},
            form=form,
            versions=MINUTES.versions(meeting).select_related(
                "published_by", "approved_in__meeting"
            ),
        )

    def minutes_preview_view(self, request, pk) -> HttpResponse:
        """The minutes as publishing them now would write them; administrators only."""
        meeting = self.document_for_change(request, pk)
        try:
            content, problem = minutes_content(meeting), ""
        except ValidationError as error:  # a decision quotes a figure it cannot find
            content, problem = "", " ".join(error.messages)
        return self._page(
            request,
            meeting,
            "admin/meetings/minutes_preview.html",
            _("Preview of the minutes of meeting %(number)s") % {"number": meeting.number},
            content=mark_safe(content),  # noqa: S308 - rendered from our templates, escaped
            problem=problem,
        )

    def minutes_draft_pdf_view(self, request, pk) -> HttpResponse:
        """The draft's PDF if it was made for these very minutes; else the worker makes
        it and its job goes on to this address (as a report's draft PDF)."""
        meeting = self.document_for_change(request, pk)
        try:
            pdf = cached_pdf(minutes_print_html(meeting, minutes_content(meeting)))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:reports_boardmeeting_minutes", args=[pk]))
        if pdf is None:
            job, _started = start_minutes_draft_pdf(
                user=request.user, url=request.get_full_path(), meeting=meeting
            )
            return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
        name = f"protokoll-{meeting.slug}-utkast.pdf"
        return as_download(
            HttpResponse(pdf, content_type="application/pdf"), name, inline=True, draft=True
        )

    def publish_title(self, document: BoardMeeting) -> str:
        return _("Publish the minutes of meeting %(number)s") % {"number": document.number}

    def publish_context(self, document: BoardMeeting) -> dict:
        return {"versions": MINUTES.versions(document).select_related("published_by")}
