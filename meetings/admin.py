from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.admin_minutes import MinutesAdminMixin
from meetings.admin_notice import NoticeAdminMixin
from meetings.models import BoardMember, MeetingBook, MinutesVersion
from reports.agenda import add_standing_cases
from reports.models import BoardMeeting, Case
from ror_portal.admin_site.site import RecordAdmin


class CaseInline(admin.TabularInline):
    """The meeting's agenda (saksliste): its cases in the order of their numbers."""

    model = Case
    fk_name = "meeting"
    extra = 0
    fields = ["number", "title", "handler", "kind", "standing"]
    show_change_link = True
    # Django's link to the case's own page sits in the row's grey caption, not underlined
    # (axe-core: link-in-text-block); the case's change page has it.
    view_on_site = False


@admin.register(BoardMeeting)
class BoardMeetingAdmin(NoticeAdminMixin, MinutesAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "date", "starts_at", "body", "place"]
    fields = ["body", "number", "date", "starts_at", "place"]
    inlines = [CaseInline]
    change_form_template = "admin/reports/boardmeeting/change_form.html"

    def save_related(self, request, form, formsets, change):
        # After the inline cases: a new meeting typed with cases of its own gets none.
        super().save_related(request, form, formsets, change)
        if not change:
            add_standing_cases(form.instance)


@admin.register(BoardMember)
class BoardMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "role", "title", "serves_from", "serves_until", "user"]
    list_filter = ["municipality", "role"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["user"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(RecordAdmin):
    list_display = ["meeting", "number", "published_by", "published_at", "approved_in"]
    list_filter = ["meeting"]
    readonly_fields = ["meeting", "number", "published_at", "published_by", "html",
                       "html_sha256", "pdf", "pdf_sha256", "approved_in", "approved_at",
                       "notice_sent_at", "notice_error"]  # fmt: skip


@admin.register(MeetingBook)
class MeetingBookAdmin(RecordAdmin):
    """The meeting books the worker made, one version after each change to a meeting."""

    list_display = ["meeting", "number", "pages", "made_at", "pdf_sha256"]
    list_filter = ["meeting"]
    readonly_fields = ["meeting", "number", "pages", "made_at", "pdf", "pdf_sha256", "contents"]
