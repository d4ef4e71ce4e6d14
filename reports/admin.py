from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from reports.models import (
    Attachment,
    BoardMeeting,
    Case,
    DecisionFollowUp,
    MonthlyReport,
    ReportVersion,
    Section,
    Term,
)
from reports.services import (
    Move,
    case_document_publish,
    next_month,
    report_content,
    report_copy_to_next_month,
    report_publish,
    section_append_position,
    section_move,
    unpublishable_reason,
)
from reports.tree import numbered
from ror_portal.blocks import registered_blocks


class CaseInline(admin.StackedInline):
    model = Case
    extra = 0
    fields = ["number", "title", "handler", "kind"]
    show_change_link = True


@admin.register(BoardMeeting)
class BoardMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "body", "place"]
    inlines = [CaseInline]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1


class DecisionFollowUpForm(forms.ModelForm):
    class Meta:
        model = DecisionFollowUp
        fields = ["month", "status", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def clean_month(self):
        # The formset looks for two rows of one month before the model normalises the day,
        # so the 1st and the 15th would pass it and fail in the database.
        return self.cleaned_data["month"].replace(day=1)


class DecisionFollowUpInline(admin.TabularInline):
    """The status of a decision per month, newest first; the report shows the latest."""

    model = DecisionFollowUp
    form = DecisionFollowUpForm
    extra = 1
    ordering = ["-month"]


class CaseForm(forms.ModelForm):
    document_block = forms.ChoiceField(
        label=gettext_lazy("case document"), required=False, choices=lambda: block_choices()
    )

    class Meta:
        model = Case
        fields = ["meeting", "number", "title", "handler", "kind", "proposed_decision",
                  "decision", "document_block"]  # fmt: skip


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    form = CaseForm
    list_display = ["number", "title", "handler", "kind", "meeting"]
    list_filter = ["meeting", "kind"]
    search_fields = ["number", "title", "handler"]
    inlines = [DecisionFollowUpInline, AttachmentInline]
    change_form_template = "admin/reports/case/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/publiser/",
                self.admin_site.admin_view(self.publish_view),
                name="reports_case_publish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, pk):
        """Confirm, then freeze the case document and attach its PDF to the case."""
        case = get_object_or_404(Case.objects.select_related("meeting"), pk=pk)
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        change_url = reverse("admin:reports_case_change", args=[case.pk])
        if request.method == "POST":
            try:
                version = case_document_publish(case=case, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Version %(number)s of the case document is published and attached.")
                    % {"number": version.number},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/reports/case/publish.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": case,
                "title": _("Publish the case document of %(case)s") % {"case": case},
                "versions": case.document_versions.select_related("published_by"),
            },
        )


def block_choices():
    return [("", gettext_lazy("– none –"))] + [
        (block.name, f"{block.title} ({block.name})") for block in registered_blocks()
    ]


class SectionForm(forms.ModelForm):
    block = forms.ChoiceField(
        label=gettext_lazy("data block"), required=False, choices=block_choices
    )

    class Meta:
        model = Section
        fields = ["report", "parent", "title", "body", "block", "body_after_block"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report_id = self.instance.report_id or self.initial.get("report")
        if report_id:
            self.fields["parent"].queryset = Section.objects.filter(report_id=report_id)
        if self.instance.pk:
            self.fields["report"].disabled = True


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    form = SectionForm
    list_display = ["title", "report", "parent", "block"]
    list_filter = ["report"]
    search_fields = ["title", "body"]

    def save_model(self, request, obj, form, change):
        if not change or "parent" in form.changed_data:
            obj.position = section_append_position(obj)
        super().save_model(request, obj, form, change)

    def _back_to_report(self, request, obj, response):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return response
        return HttpResponseRedirect(
            reverse("admin:reports_monthlyreport_content", args=[obj.report_id])
        )

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_report(
            request, obj, super().response_add(request, obj, post_url_continue)
        )

    def response_change(self, request, obj):
        return self._back_to_report(request, obj, super().response_change(request, obj))


MEETING_REQUIRED = gettext_lazy("Choose the meeting the report is presented to.")
MOVE_LABELS = [
    (Move.UP, gettext_lazy("Up")),
    (Move.DOWN, gettext_lazy("Down")),
    (Move.IN, gettext_lazy("In under the one above")),
    (Move.OUT, gettext_lazy("Out a level")),
]


class NextMonthForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("meeting"),
        queryset=BoardMeeting.objects.none(),
        empty_label=None,
        error_messages={"required": MEETING_REQUIRED},
    )

    def __init__(self, *args, month, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = BoardMeeting.objects.filter(date__gte=month).order_by(
            "date"
        )


class MonthlyReportForm(forms.ModelForm):
    class Meta:
        model = MonthlyReport
        fields = ["meeting", "month", "as_of"]
        error_messages = {"meeting": {"required": MEETING_REQUIRED}}


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    form = MonthlyReportForm
    list_display = ["__str__", "meeting", "as_of", "status", "version_count"]
    fields = ["meeting", "month", "as_of"]
    change_form_template = "admin/reports/monthlyreport/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_total=Count("versions"))

    @admin.display(description=gettext_lazy("published versions"), ordering="version_total")
    def version_count(self, obj):
        return obj.version_total

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/innhold/", wrap(self.content_view), name="reports_monthlyreport_content"
            ),
            path(
                "<int:pk>/publiser/", wrap(self.publish_view), name="reports_monthlyreport_publish"
            ),
            path(
                "<int:pk>/neste-maned/",
                wrap(self.next_month_view),
                name="reports_monthlyreport_next_month",
            ),
            path(
                "<int:pk>/seksjon/<int:section>/<str:direction>/",
                wrap(self.move_view),
                name="reports_monthlyreport_move",
            ),
            *super().get_urls(),
        ]

    def _report_for_change(self, request, pk) -> MonthlyReport:
        report = get_object_or_404(MonthlyReport.objects.select_related("meeting"), pk=pk)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        return report

    def content_view(self, request, pk):
        """The report's section tree with moves, previews, publishing and its versions."""
        report = self._report_for_change(request, pk)
        assembled = report_content(report=report)[1]
        return TemplateResponse(
            request,
            "admin/reports/monthlyreport/content.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": report,
                "title": _("Contents and publishing: %(report)s") % {"report": report},
                "sections": numbered(report.sections.all()),
                "moves": MOVE_LABELS,
                "unpublishable": unpublishable_reason(assembled),
                "versions": report.versions.select_related("published_by"),
                "next_month_form": NextMonthForm(month=next_month(report.month)),
            },
        )

    def _redirect_to_content(self, report):
        return HttpResponseRedirect(
            reverse("admin:reports_monthlyreport_content", args=[report.pk])
        )

    def publish_view(self, request, pk):
        report = self._report_for_change(request, pk)
        if request.method != "POST":
            return self._redirect_to_content(report)
        try:
            version = report_publish(report=report, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Version %(number)s of %(report)s is published.")
                % {"number": version.number, "report": report},
                messages.SUCCESS,
            )
        return self._redirect_to_content(report)

    def next_month_view(self, request, pk):
        report = self._report_for_change(request, pk)
        if request.method != "POST":
            return self._redirect_to_content(report)
        form = NextMonthForm(request.POST, month=next_month(report.month))
        if not form.is_valid():
            self.message_user(
                request,
                _("Create the meeting the report for %(month)s is presented to first.")
                % {"month": next_month(report.month).strftime("%m.%Y")},
                messages.ERROR,
            )
            return self._redirect_to_content(report)
        try:
            new_report = report_copy_to_next_month(
                report=report, meeting=form.cleaned_data["meeting"]
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self._redirect_to_content(report)
        self.message_user(
            request, _("%(report)s is made as a draft.") % {"report": new_report}, messages.SUCCESS
        )
        return self._redirect_to_content(new_report)

    def move_view(self, request, pk, section, direction):
        report = self._report_for_change(request, pk)
        if request.method == "POST" and direction in Move.ALL:
            target = get_object_or_404(Section, pk=section, report=report)
            try:
                section_move(section=target, direction=direction)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
        return self._redirect_to_content(report)


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ["report", "number", "published_by", "published_at", "pdf_sha256"]
    list_filter = ["report"]
    readonly_fields = [f.name for f in ReportVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "definition"]
    search_fields = ["term", "definition"]
