"""The reports' admin: meetings, cases, sections and reports, with their content,
next-month and review pages. The forms are in admin_forms, the publishing pages of a
report and a case document in admin_publishing."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from reports.admin_forms import (
    AttachmentForm,
    CaseForm,
    DecisionFollowUpForm,
    MonthlyReportForm,
    PublishForm,
    SectionForm,
    StartNextMonthForm,
)
from reports.admin_publishing import FrozenDocumentAdmin
from reports.live_figures import FigureBook, figure_groups, missing_figures_message, references
from reports.markdown import removal_message
from reports.models import (
    Attachment,
    Case,
    DecisionFollowUp,
    MonthlyReport,
    ReportVersion,
    Restatement,
    Section,
    Term,
)
from reports.next_month import latest_report, report_start_next_month
from reports.notifications import notice_recipients
from reports.publishing import (
    CASE_DOCUMENT,
    REPORT,
    case_publish,
    unknown_blocks_reason,
)
from reports.rendering import report_figures
from reports.review import copied_texts, section_confirm, sections_confirm, texts_left_message
from reports.tree import Move, numbered, section_append_position, section_move
from ror_portal.admin_site.site import RecordAdmin
from ror_portal.checklist import checklist
from ror_portal.dates import add_months
from ror_portal.formatting import format_date, month_label
from ror_portal.markdown import render_markdown


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1


class DecisionFollowUpInline(admin.TabularInline):
    """The status of a decision per month, newest first; the report shows the latest."""

    model = DecisionFollowUp
    form = DecisionFollowUpForm
    extra = 1
    ordering = ["-month"]


@admin.register(Case)
class CaseAdmin(FrozenDocumentAdmin):
    form = CaseForm
    kind = CASE_DOCUMENT
    publish_template = "admin/reports/case/publish.html"
    list_display = ["number", "title", "handler", "kind", "meeting", "state"]
    list_filter = ["meeting", "kind"]
    search_fields = ["number", "title", "handler"]
    readonly_fields = ["state"]
    inlines = [DecisionFollowUpInline, AttachmentInline]
    actions = ["publish_cases"]
    change_form_template = "admin/reports/case/change_form.html"

    @admin.display(description=gettext_lazy("state"), ordering="published_at")
    def state(self, obj: Case) -> str:
        if obj.published_at is None:
            return _("Draft")
        return _("Published %(date)s") % {"date": format_date(obj.published_on)}

    @admin.action(description=gettext_lazy("Publish the selected cases"), permissions=["change"])
    def publish_cases(self, request, queryset):
        count, refused = 0, False
        for case in queryset:
            try:
                count += case_publish(case=case, user=request.user)
            except ValidationError as error:
                refused = True
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if count:
            message = ngettext(
                "%(count)s case is published: the board sees it and its attachments now.",
                "%(count)s cases are published: the board sees them and their attachments now.",
                count,
            )
            self.message_user(request, message % {"count": count}, messages.SUCCESS)
        elif not refused:
            self.message_user(request, _("The cases were published already."), messages.WARNING)

    def get_urls(self):
        return [
            path(
                "<int:pk>/publiser-saken/",
                self.admin_site.admin_view(self.publish_case_view),
                name="reports_case_publish_case",
            ),
            *super().get_urls(),
        ]

    def publish_case_view(self, request, pk):
        """The change page's "Publish the case" button: the board sees the case now,
        without waiting for a report of its meeting."""
        case = get_object_or_404(Case, pk=pk)
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            published = case_publish(case=case, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:reports_case_change", args=[case.pk]))
        if published:
            message = _("%(case)s is published: the board sees it and its attachments now.")
            self.message_user(request, message % {"case": case}, messages.SUCCESS)
        else:
            message = _("%(case)s was published already.")
            self.message_user(request, message % {"case": case}, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:reports_case_change", args=[case.pk]))

    def publish_title(self, document: Case) -> str:
        return _("Publish the case document of %(case)s") % {"case": document}

    def publish_context(self, document: Case) -> dict:
        return {"versions": document.document_versions.select_related("published_by")}


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    form = SectionForm
    list_display = ["title", "report", "parent", "block", "unchanged_since_copy"]
    list_filter = ["report", "unchanged_since_copy"]
    search_fields = ["title", "body"]
    change_form_template = "admin/reports/section/change_form.html"

    def get_urls(self):
        return [
            path(
                "forhandsvis/",
                self.admin_site.admin_view(self.preview_view),
                name="reports_section_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request):
        """The section's texts as the report will show them, with the figures they quote
        (for the editor's preview)."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = MonthlyReport.objects.filter(pk=_as_int(request.POST.get("report"))).first()
        return TemplateResponse(
            request,
            "admin/reports/section/preview.html",
            {
                "texts": _texts_shown(
                    request.POST,
                    {"block": request.POST.get("block", "")},
                    figures=_figures_quoted(report, request.POST),
                )
            },
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The form with the figure picker: the figures of the section's report that its
        texts may quote, with their values this month, the section's own block first."""
        report = (
            obj.report
            if obj
            else MonthlyReport.objects.filter(
                pk=_as_int(request.GET.get("report") or request.POST.get("report"))
            )
            .select_related("meeting")
            .first()
        )
        if report is not None:
            context["figure_report"] = report
            context["figure_groups"] = figure_groups(
                report_figures(report), first=obj.block if obj else ""
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not change or "parent" in form.changed_data:
            obj.position = section_append_position(obj)
        if change:
            obj.note_edited(form.changed_data)
        super().save_model(request, obj, form, change)
        shown = _texts_shown(
            form.cleaned_data, figures=_figures_quoted(obj.report, form.cleaned_data)
        )
        for text in shown:
            for problem in (text["removed"], text["missing"]):
                if problem:
                    self.message_user(request, problem, messages.WARNING)

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


SECTION_TEXTS = [
    ("body", gettext_lazy("the text")),
    ("body_after_block", gettext_lazy("the text after the data block")),
]


def _as_int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _figures_quoted(report: MonthlyReport | None, data) -> FigureBook:
    """The report's figures where a text quotes any (running its blocks takes a moment),
    else none: a text without references needs no figures."""
    quotes = any(references(data.get(name) or "") for name, _label in SECTION_TEXTS)
    return report_figures(report) if report is not None and quotes else FigureBook([])


def _texts_shown(data, extra=None, *, figures: FigureBook) -> list[dict]:
    """Each Markdown field of a section as shown, with the figures it quotes, what the
    sanitiser removed and the figures it quotes that the report does not have."""
    shown = []
    for name, label in SECTION_TEXTS:
        text = data.get(name) or ""
        if not text.strip():
            continue
        resolved, missing = figures.resolve(text)
        shown.append(
            {
                "label": label,
                "html": render_markdown(resolved),
                "removed": removal_message(text, field_label=label),
                "missing": missing_figures_message(missing, field_label=label),
                **(extra or {}),
            }
        )
    return shown


MOVE_LABELS = [
    (Move.UP, gettext_lazy("Up")),
    (Move.DOWN, gettext_lazy("Down")),
    (Move.IN, gettext_lazy("In under the one above")),
    (Move.OUT, gettext_lazy("Out a level")),
]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(FrozenDocumentAdmin):
    form = MonthlyReportForm
    kind = REPORT
    publish_form = PublishForm
    publish_template = "admin/reports/monthlyreport/publish.html"
    list_display = ["__str__", "meeting", "as_of", "status", "version_count"]
    fields = ["meeting", "month", "as_of"]
    change_form_template = "admin/reports/monthlyreport/change_form.html"
    change_list_template = "admin/reports/monthlyreport/change_list.html"

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
                "neste-maned/",
                wrap(self.next_month_view),
                name="reports_monthlyreport_next_month",
            ),
            path(
                "<int:pk>/seksjon/<int:section>/fortsatt-riktig/",
                wrap(self.confirm_section_view),
                name="reports_monthlyreport_confirm_section",
            ),
            path(
                "<int:pk>/seksjon/<int:section>/<str:direction>/",
                wrap(self.move_view),
                name="reports_monthlyreport_move",
            ),
            path(
                "<int:pk>/gjennomgang/",
                wrap(self.review_view),
                name="reports_monthlyreport_review",
            ),
            *super().get_urls(),
        ]

    def content_view(self, request, pk):
        """The report's checklist and section tree with moves, previews, publishing and
        its versions."""
        report = self.document_for_change(request, pk)
        sections = numbered(report.sections.all())
        return TemplateResponse(
            request,
            "admin/reports/monthlyreport/content.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": report,
                "title": _("Contents and publishing: %(report)s") % {"report": report},
                "sections": sections,
                "moves": MOVE_LABELS,
                "checklist": checklist(report.period),
                "copied_left": sum(item.section.unchanged_since_copy for item in sections),
                "unpublishable": unknown_blocks_reason([item.section for item in sections]),
                "versions": report.versions.select_related("published_by"),
            },
        )

    def _redirect_to_content(self, report):
        return HttpResponseRedirect(
            reverse("admin:reports_monthlyreport_content", args=[report.pk])
        )

    def publish_title(self, document: MonthlyReport) -> str:
        return _("Publish %(report)s") % {"report": document}

    def publish_context(self, document: MonthlyReport) -> dict:
        return {
            "recipients": notice_recipients(),
            "open_points": [item for item in checklist(document.period) if not item.ok],
            # What shows without running the blocks (seconds): a block that fails stops
            # the publish job, which says which.
            "unpublishable": unknown_blocks_reason(list(document.sections.all())),
        }

    def next_month_view(self, request):
        """Start the month after the latest report: one form, then its content page."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = latest_report()
        if report is None:
            self.message_user(
                request,
                _("There is no report to start from. Add the first report."),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:reports_monthlyreport_add"))
        month = add_months(report.month, 1)
        form = StartNextMonthForm(request.POST if request.method == "POST" else None, month=month)
        if request.method == "POST" and form.is_valid():
            meeting = form.cleaned_data["chosen_meeting"]
            if meeting.pk is None and not request.user.has_perm("reports.add_boardmeeting"):
                raise PermissionDenied
            try:
                new_report = report_start_next_month(
                    report=report, meeting=meeting, as_of=form.cleaned_data["as_of"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(report)s is made as a draft.") % {"report": new_report},
                    messages.SUCCESS,
                )
                return self._redirect_to_content(new_report)
        return TemplateResponse(
            request,
            "admin/reports/monthlyreport/next_month.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Start %(month)s") % {"month": month_label(month)},
                "form": form,
                "latest": report,
                "month": month,
                "already_made": MonthlyReport.objects.filter(month=month).exists(),
            },
        )

    def confirm_section_view(self, request, pk, section):
        report = self.document_for_change(request, pk)
        if request.method == "POST":
            target = get_object_or_404(Section, pk=section, report=report)
            section_confirm(section=target)
            self.message_user(
                request,
                _("“%(section)s” is confirmed as still true.") % {"section": target.title},
                messages.SUCCESS,
            )
        return self._redirect_to_content(report)

    def review_view(self, request, pk):
        """The copied texts on one page; "Still true" for a section or a whole chapter
        answers a script with JSON (the page stays where it is), a plain form with the
        page again."""
        report = self.document_for_change(request, pk)
        if request.method == "POST":
            ids = [int(v) for v in request.POST.getlist("section") if v.isdigit()]
            confirmed = sections_confirm(report=report, section_ids=ids)
            left = report.sections.filter(unchanged_since_copy=True).count()
            message = ngettext(
                "%(count)s text confirmed as still true.",
                "%(count)s texts confirmed as still true.",
                len(confirmed),
            ) % {"count": len(confirmed)}
            message += " " + texts_left_message(left)
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse(
                    {"confirmed": [s.pk for s in confirmed], "left": left, "message": message}
                )
            self.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(
                reverse("admin:reports_monthlyreport_review", args=[report.pk])
            )
        chapters = copied_texts(report)
        return TemplateResponse(
            request,
            "admin/reports/monthlyreport/review.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": report,
                "title": _("Go through the copied texts: %(report)s") % {"report": report},
                "chapters": chapters,
                "left": texts_left_message(sum(len(c.sections) for c in chapters)),
            },
        )

    def move_view(self, request, pk, section, direction):
        report = self.document_for_change(request, pk)
        if request.method == "POST" and direction in Move.ALL:
            target = get_object_or_404(Section, pk=section, report=report)
            try:
                section_move(section=target, direction=direction)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
        return self._redirect_to_content(report)


@admin.register(ReportVersion)
class ReportVersionAdmin(RecordAdmin):
    list_display = ["report", "number", "published_by", "published_at", "pdf_sha256"]
    list_filter = ["report"]
    readonly_fields = ["report", "number", "published_at", "published_by", "change_note", "html",
                       "html_sha256", "pdf", "pdf_sha256", "block_data", "notice_sent_at",
                       "notice_error"]  # fmt: skip


@admin.register(Restatement)
class RestatementAdmin(RecordAdmin):
    """Figures of published versions that a confirmed import changed afterwards."""

    list_display = ["recorded_at", "version", "section", "label", "published", "restated",
                    "source", "recorded_by"]  # fmt: skip
    list_filter = ["version__report"]
    readonly_fields = [f.name for f in Restatement._meta.fields]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "definition"]
    search_fields = ["term", "definition"]
