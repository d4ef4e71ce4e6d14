import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.fields import BLANK_CHOICE_DASH
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from projects.models import COMMENT_MAX_LENGTH, BuildingProject, StatusUpdate
from projects.selectors import carried_on, latest_updates, suggested_status_date
from projects.services import status_updates_save
from ror_portal.formatting import format_date
from ror_portal.forms import DateField
from ror_portal.reporting import ReportInfo, draft_report

Status = StatusUpdate.Status
SHORT_TEXT: dict[type[models.Field], dict[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
}


class StatusUpdateInline(admin.TabularInline):
    """The project's history of updates, newest first."""

    model = StatusUpdate
    fields = ["date", "status", "comment"]
    ordering = ["-date"]
    extra = 0
    formfield_overrides = SHORT_TEXT


def date_and_week(day: datetime.date) -> str:
    """The date and its ISO week, "23.02.2024 (uke 8)"; the week's year where it is
    not the date's ("30.12.2024 (uke 1 i 2025)")."""
    year, week, _weekday = day.isocalendar()
    if year != day.year:
        return _("%(date)s (week %(week)s of %(year)s)") % {
            "date": format_date(day),
            "week": week,
            "year": year,
        }
    return _("%(date)s (week %(week)s)") % {"date": format_date(day), "week": week}


class PickedDateField(DateField):
    """A date chosen with the browser's date picker, or typed the Norwegian way."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    # The date picker sends ISO dates; typed without one, dates are Norwegian.
    input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]

    def bound_data(self, data, initial):
        # Shown back as the date picker reads it; what it cannot read (a date of
        # another form, or none) it would show as empty, and it is not valid HTML.
        try:
            return self.to_python(data)
        except ValidationError:
            return None


class StatusDateForm(forms.Form):
    """The date the grid's updates are saved for, in the same form as the grid: a
    date chosen and saved at once is the date saved."""

    date = PickedDateField(
        label=gettext_lazy("Date of the updates"),
        error_messages={
            "required": gettext_lazy("Choose the date of the updates."),
            "invalid": gettext_lazy("Write the date as dd.mm.yyyy, for example 23.02.2024."),
        },
    )
    # The date the rows were shown for: a row is the user's change only if it differs
    # from what the page showed, whatever date is saved.
    shown = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, draft: ReportInfo | None, **kwargs):
        super().__init__(*args, **kwargs)
        if draft:
            help_text = _(
                "Suggested: the draft report's figures-as-of date (%(date)s, meeting "
                "%(meeting)s). The report shows each project's latest update on or before "
                "that date, so an update of that day is in it; a later day of the same "
                "week would not be."
            ) % {"date": format_date(draft.as_of), "meeting": draft.meeting_number}
        else:
            help_text = _("Suggested: today, as there is no draft report.")
        self.fields["date"].help_text = (
            help_text
            + " "
            + _(
                "Saving saves the rows you changed for the date in this field; “Show the "
                "projects” first shows each project's status as of that date."
            )
        )

    def errors_named(self) -> list[str]:
        return [f"{self['date'].label}: {error}" for error in self.errors.get("date", [])]


class StatusGridForm(forms.Form):
    """A status and a comment for every active project: the week's updates on one page."""

    def __init__(self, data=None, *, projects, latest: dict[int, StatusUpdate], date, **kwargs):
        self.projects = list(projects)
        self.latest = latest
        self.date = date
        initial = {}
        for project in self.projects:
            if update := carried_on(latest.get(project.pk), date):
                initial[f"status_{project.pk}"] = update.status
                initial[f"comment_{project.pk}"] = update.comment
        super().__init__(data, initial=initial, **kwargs)
        for project in self.projects:
            self.fields[f"status_{project.pk}"] = forms.ChoiceField(
                label=_("overall status"),
                choices=[*BLANK_CHOICE_DASH, *Status.choices],
                required=False,
                widget=forms.Select(
                    attrs={"aria-label": f"{project.title}: {_('overall status')}"}
                ),
            )
            self.fields[f"comment_{project.pk}"] = forms.CharField(
                label=_("comment"),
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(
                    attrs={"rows": 2, "cols": 60, "aria-label": f"{project.title}: {_('comment')}"}
                ),
            )

    def clean(self):
        cleaned = super().clean()
        for project in self.projects:
            status, comment = f"status_{project.pk}", f"comment_{project.pk}"
            if cleaned.get(comment) and status in cleaned and not cleaned[status]:
                self.add_error(status, _("Choose a status for the comment, or clear it."))
        return cleaned

    def rows(self):
        for project in self.projects:
            yield {
                "project": project,
                "latest": self.latest.get(project.pk),
                "status": self[f"status_{project.pk}"],
                "comment": self[f"comment_{project.pk}"],
            }

    def row_errors(self) -> list[str]:
        """Every error with the project it belongs to, for the summary above the grid."""
        errors = []
        for project in self.projects:
            for name in (f"status_{project.pk}", f"comment_{project.pk}"):
                errors += [f"{project.title}: {error}" for error in self.errors.get(name, [])]
        return errors

    def changed_rows(self) -> dict[int, tuple[str, str]]:
        """The rows with a status that differ from what the page showed:
        {project id: (status, comment)}. A row without a status is left as it is."""
        rows = {}
        for project in self.projects:
            status = self.cleaned_data[f"status_{project.pk}"]
            comment = self.cleaned_data[f"comment_{project.pk}"]
            shown = carried_on(self.latest.get(project.pk), self.date)
            if status and not (shown and shown.says(status, comment)):
                rows[project.pk] = (status, comment)
        return rows


@admin.register(BuildingProject)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality_or_all", "active", "order", "latest_status"]
    list_filter = ["active", "municipality"]
    search_fields = ["title"]
    inlines = [StatusUpdateInline]
    change_list_template = "admin/projects/buildingproject/change_list.html"

    def get_queryset(self, request):
        latest = StatusUpdate.objects.filter(project=OuterRef("pk")).order_by("-date")
        return (
            super()
            .get_queryset(request)
            .select_related("municipality")
            .annotate(
                latest_date=Subquery(latest.values("date")[:1]),
                latest_status=Subquery(latest.values("status")[:1]),
            )
        )

    @admin.display(description=gettext_lazy("municipality"), ordering="municipality__name")
    def municipality_or_all(self, project: BuildingProject) -> str:
        return project.municipality.name if project.municipality else _("All")

    @admin.display(description=gettext_lazy("latest update"), ordering="latest_date")
    def latest_status(self, project: BuildingProject) -> str:
        # latest_date and latest_status are annotations of get_queryset, not fields
        if not project.latest_date:  # type: ignore[attr-defined]
            return "–"
        status, date = project.latest_status, project.latest_date  # type: ignore[attr-defined]
        return f"{Status(status).label} ({format_date(date)})"

    def get_urls(self):
        return [
            path(
                "ukens-status/",
                self.admin_site.admin_view(self.updates_view),
                name="projects_buildingproject_updates",
            ),
            *super().get_urls(),
        ]

    def updates_view(self, request):
        """The week's status updates for all active projects on one page. The date is a
        field of the same form as the grid, so the date chosen is the date saved."""
        if not request.user.has_perms(
            ["projects.add_statusupdate", "projects.change_statusupdate"]
        ):
            raise PermissionDenied
        draft = draft_report()
        if request.method == "POST":
            chosen = StatusDateForm(request.POST, draft=draft)
        else:
            day = request.GET.get("date") or suggested_status_date(draft).isoformat()
            chosen = StatusDateForm({"date": day}, draft=draft)
        chosen.is_valid()
        date = chosen.cleaned_data.get("date")
        # The rows are those of the date they were shown for: a date changed in the
        # field takes the rows' changes, not the values the page showed for another date.
        shown = chosen.cleaned_data.get("shown") or date
        form = None
        if shown:
            form = StatusGridForm(
                request.POST or None,
                projects=BuildingProject.objects.active().select_related("municipality"),
                latest=latest_updates(shown),
                date=shown,
            )
        if request.method == "POST" and date:
            if "_show" in request.POST:
                return self._redirect_to(date)
            if form.is_valid():
                try:
                    count = status_updates_save(
                        date=date, updates=form.changed_rows(), user=request.user
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self._report_saved(request, date, count)
                    return self._redirect_to(date)
        return TemplateResponse(
            request,
            "admin/projects/buildingproject/updates.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Enter the week's status updates"),
                "chosen": chosen,
                "date_errors": chosen.errors_named() if chosen.is_bound else [],
                "form": form,
                "shown": shown,
                "shown_label": shown and date_and_week(shown),
                "date_label": date and date != shown and date_and_week(date),
            },
        )

    def _redirect_to(self, date: datetime.date) -> HttpResponseRedirect:
        url = reverse("admin:projects_buildingproject_updates")
        return HttpResponseRedirect(f"{url}?{urlencode({'date': date.isoformat()})}")

    def _report_saved(self, request, date: datetime.date, count: int) -> None:
        if count:
            message = ngettext(
                "Status updates of %(date)s are saved for %(count)s project.",
                "Status updates of %(date)s are saved for %(count)s projects.",
                count,
            )
            level = messages.SUCCESS
        else:
            message = _(
                "No project's status or comment was changed; the statuses of %(date)s are "
                "recorded as gone through."
            )
            level = messages.SUCCESS
        self.message_user(request, message % {"date": date_and_week(date), "count": count}, level)
