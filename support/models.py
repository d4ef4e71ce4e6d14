from collections.abc import Mapping

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from ror_portal.collation import norwegian
from ror_portal.models import FileImportRecord, Municipality


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Kind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Service request")


class Category(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = [norwegian("name")]

    def __str__(self) -> str:
        return self.name


class TicketQuerySet(models.QuerySet):
    def resolved_between(self, start, end) -> "TicketQuerySet":
        return self.filter(resolved__gte=start, resolved__lt=end)

    def created_between(self, start, end) -> "TicketQuerySet":
        return self.filter(created__gte=start, created__lt=end)

    def with_sla(self, targets: Mapping[str, "SlaTarget"]) -> "TicketQuerySet":
        """The SLA rule, the one place it is written: each ticket's target in seconds
        (``sla_target``, from its priority's entry in ``targets``) and whether it was
        breached (``sla_breached``; None while open or without a target). Resolved
        exactly at the target is within it. A rule in business hours or on the first
        response changes this method only."""
        target = Case(
            *[
                When(priority=priority, then=Value(int(t.resolution.total_seconds())))
                for priority, t in targets.items()
            ],
            output_field=models.IntegerField(),
        )
        breached = Case(
            When(Q(resolution_seconds__isnull=True) | Q(sla_target__isnull=True), then=Value(None)),
            When(resolution_seconds__gt=F("sla_target"), then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(null=True),
        )
        return self.annotate(sla_target=target).annotate(sla_breached=breached)


class Ticket(models.Model):
    """A ticket of the ITSM export. Times are kept as they were; resolution and
    breach are computed from them, so business hours can be added later."""

    number = models.CharField(_("ticket number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="tickets", verbose_name=_("category")
    )
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="tickets", verbose_name=_("municipality")
    )
    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"))
    first_response = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved = models.DateTimeField(_("resolved"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=100, blank=True)
    # resolved − created in seconds, kept so that averages and breaches are plain
    # sums and comparisons in the database; empty while open.
    resolution_seconds = models.PositiveBigIntegerField(
        _("resolution time (seconds)"), null=True, blank=True, editable=False
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["created", "kind"], name="ticket_created_kind"),
            models.Index(fields=["resolved", "kind", "priority"], name="ticket_resolved"),
            models.Index(
                fields=["kind", "created"],
                condition=Q(resolved__isnull=True),
                name="ticket_open",
            ),
            # the few critical tickets, found by month without scanning the rest
            models.Index(
                fields=["created", "resolved"],
                condition=Q(priority="critical"),
                name="ticket_critical",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def save(self, *args, **kwargs):
        self.resolution_seconds = resolution_seconds(self.created, self.resolved)
        super().save(*args, **kwargs)


def resolution_seconds(created, resolved) -> int | None:
    if resolved is None or created is None:
        return None
    return max(0, int((resolved - created).total_seconds()))


class SlaTarget(models.Model):
    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices, unique=True)
    resolution = models.DurationField(_("resolution within"))
    response = models.DurationField(_("first response within"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["resolution"]

    def __str__(self) -> str:
        return self.get_priority_display()


class TicketImport(FileImportRecord):
    """The audit trail of imports: who imported which export, when, and what it changed."""

    new = models.PositiveIntegerField(_("new tickets"))
    changed = models.PositiveIntegerField(_("changed tickets"))
    unchanged = models.PositiveIntegerField(_("unchanged tickets"))
    new_categories = models.TextField(_("new categories"), blank=True)
    # Where the next sync from Pureservice starts (support/sync.py): set only when an
    # import of a sync is confirmed, so a sync checked and left leaves it where it was.
    fetched_until = models.DateTimeField(
        _("fetched from Pureservice up to"),
        null=True,
        blank=True,
        help_text=_(
            "The newest change among the tickets the sync fetched; the next sync fetches "
            "the tickets changed since. Empty for an imported file."
        ),
    )

    class Meta:
        verbose_name = _("ticket import")
        verbose_name_plural = _("ticket imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d.%m.%Y %H:%M})"
