from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.fields import BLANK_CHOICE_DASH
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from projects.models import COMMENT_MAX_LENGTH, BuildingProject, StatusUpdate
from projects.selectors import latest_updates
from projects.services import status_updates_save
from ror_portal.formatting import format_date

Status = StatusUpdate.Status
SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class StatusUpdateInline(admin.TabularInline):
    """The project's history of updates, newest first."""

    model = StatusUpdate
    fields = ["date", "status", "comment"]
    ordering = ["-date"]
    extra = 0
    formfield_overrides = SHORT_TEXT


class StatusDateForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class StatusGridForm(forms.Form):
    """A status and a comment for every active project: the week's updates on one page."""

    def __init__(self, *args, projects, latest: dict[int, StatusUpdate], date, **kwargs):
        self.projects = list(projects)
        self.latest = latest
        initial = {}
        for project in self.projects:
            update = latest.get(project.pk)
            # A project finished earlier is not carried on: re-saving its "Finished"
            # would keep it in every later report.
            if update and (update.date == date or update.status != Status.FINISHED):
                initial[f"status_{project.pk}"] = update.status
                initial[f"comment_{project.pk}"] = update.comment
        super().__init__(*args, initial=initial, **kwargs)
        for project in self.projects:
            self.fields[f"status_{project.pk}"] = forms.ChoiceField(
                label=_("overall status"),
                choices=BLANK_CHOICE_DASH + Status.choices,
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

    def updates(self) -> dict[int, tuple[str, str]]:
        """The rows that have a status: {project id: (status, comment)}."""
        return {
            project.pk: (
                self.cleaned_data[f"status_{project.pk}"],
                self.cleaned_data[f"comment_{project.pk}"],
            )
            for project in self.projects
            if self.cleaned_data[f"status_{project.pk}"]
        }


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
        if not project.latest_date:
            return "–"
        return f"{Status(project.latest_status).label} ({format_date(project.latest_date)})"

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
        """The week's status updates for all active projects on one page."""
        if not request.user.has_perms(
            ["projects.add_statusupdate", "projects.change_statusupdate"]
        ):
            raise PermissionDenied
        chosen = StatusDateForm(request.GET or {"date": timezone.localdate()})
        form = None
        if chosen.is_valid():
            date = chosen.cleaned_data["date"]
            form = StatusGridForm(
                request.POST or None,
                projects=BuildingProject.objects.active().select_related("municipality"),
                latest=latest_updates(date),
                date=date,
            )
            if request.method == "POST" and form.is_valid():
                try:
                    saved = status_updates_save(date=date, updates=form.updates())
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        _("Status updates of %(date)s are saved for %(count)s projects.")
                        % {"date": format_date(date), "count": saved},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(request.get_full_path())
        return TemplateResponse(
            request,
            "admin/projects/buildingproject/updates.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Enter the week's status updates"),
                "chosen": chosen,
                "form": form,
            },
        )
