import datetime

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ror_portal.collation import norwegian
from ror_portal.models import Municipality, done_by

COMMENT_MAX_LENGTH = 1000


def comment_text(text: str) -> str:
    """A comment as it is stored and compared. Browsers send a textarea's line breaks
    as CRLF, so a comment shown and sent back unchanged would otherwise differ from
    the stored one and be saved again as a change."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


class BuildingProjectQuerySet(models.QuerySet):
    def active(self) -> "BuildingProjectQuerySet":
        return self.filter(active=True)


class BuildingProject(models.Model):
    title = models.CharField(_("title"), max_length=200, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Empty when the project concerns all the municipalities."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active projects are shown in the report and on the weekly status page."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Projects are listed by this number, then by title.")
    )

    objects = BuildingProjectQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("building project")
        verbose_name_plural = _("building projects")
        ordering = ["order", norwegian("title")]

    def __str__(self) -> str:
        return self.title


class StatusUpdateQuerySet(models.QuerySet):
    def latest_on(self, day: datetime.date) -> "StatusUpdateQuerySet":
        """Each project's latest update on or before ``day`` (one query, whatever the count)."""
        latest = (
            self.model._default_manager.filter(project=OuterRef("project"), date__lte=day)
            .order_by("-date", "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(latest))


class StatusUpdate(models.Model):
    class Status(models.TextChoices):
        ON_PLAN = "on_plan", _("On plan")
        MINOR_DELAYS = "minor_delays", _("Minor delays")
        POSTPONED = "postponed", _("Postponed")
        UNCLEAR = "unclear", _("Unclear status")
        FINISHED = "finished", _("Finished")

    project = models.ForeignKey(
        BuildingProject,
        models.CASCADE,
        related_name="updates",
        verbose_name=_("building project"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("overall status"), max_length=20, choices=Status.choices)
    comment = models.TextField(
        _("comment"),
        max_length=COMMENT_MAX_LENGTH,
        blank=True,
        # A text field's max_length is only its form's: the validator keeps it for
        # every save that is cleaned, the weekly grid's too.
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)],
    )

    objects = StatusUpdateQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["project", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "date"], name="one_update_per_project_day")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.date:%d.%m.%Y}"

    @property
    def week(self) -> int:
        """The ISO week of the update, as the report's "Kommentar uke 5"."""
        return self.date.isocalendar().week

    def says(self, status: str, comment: str) -> bool:
        """Whether this update already has this status and comment."""
        return self.status == status and comment_text(self.comment) == comment_text(comment)


class StatusReview(models.Model):
    """The weekly grid saved for a date: every active project's status was gone through
    then, also those that did not change (only changed rows become updates)."""

    date = models.DateField(_("date"), unique=True)
    reviewed_by = done_by(_("gone through by"))
    reviewed_at = models.DateTimeField(_("gone through at"), default=timezone.now)

    class Meta:
        verbose_name = _("status review")
        verbose_name_plural = _("status reviews")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"
