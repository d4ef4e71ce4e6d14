import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ror_portal.models import money_field


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("document status", "Draft")
    APPROVED = "approved", pgettext_lazy("document status", "Approved")


class SecurityAgreementManager(models.Manager["SecurityAgreement"]):
    """Which agreement applies: one rule (``in_force``) and the two questions asked of it."""

    def in_force(self, year: int) -> "SecurityAgreement | None":
        """The agreement whose costs fall in ``year``: the newest one whose first year is
        ``year`` or earlier (a later agreement replaces an earlier one)."""
        return self.filter(first_year__lte=year).order_by("-first_year", "-id").first()

    def shown_at(self, day: datetime.date) -> "SecurityAgreement | None":
        """The agreement a report at ``day`` shows: the one in force next year. A case
        document proposes an agreement before it starts (the 2024 agreement went to the
        board in February 2024 for establishment that year, and a meeting in the autumn
        proposes next year's), so a report shows an agreement from the year before its
        first year; without one starting next year, the one in force now."""
        return self.in_force(day.year + 1)


class SecurityAgreement(models.Model):
    """The security-partner agreement (SOC+), the texts of its case document included."""

    # The case document's document control, shown at its head.
    DOCUMENT_CONTROL = [
        "document_title",
        "document_version",
        "document_status",
        "approved_on",
        "approved_by",
        "document_owner",
    ]

    vendor = models.CharField(_("vendor"), max_length=200)
    service = models.CharField(_("service"), max_length=200)
    framework_partners = models.TextField(
        _("framework partners"), blank=True, help_text=_("One per line.")
    )
    case_number = models.CharField(
        _("case number"),
        max_length=30,
        blank=True,
        help_text=_("The board case, e.g. 2024/M1-004."),
    )
    first_year = models.PositiveIntegerField(
        _("first year"), help_text=_("The year the establishment cost falls in.")
    )
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    establishment_cost = money_field(_("establishment cost"))
    consultants_per_year = money_field(_("consultant budget per year"))
    irt_response_hours = models.PositiveIntegerField(_("IRT response within (hours)"), default=2)
    document_title = models.CharField(
        _("document title"),
        max_length=200,
        blank=True,
        help_text=_("The title in the case document's document control, e.g. Sikkerhetspartner."),
    )
    document_version = models.CharField(
        _("document version"),
        max_length=30,
        blank=True,
        help_text=_("As the document names its version, e.g. 06.02.2024."),
    )
    document_status = models.CharField(
        _("document status"), max_length=20, choices=DocumentStatus, blank=True
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("The role that approved the document, e.g. Leder ROR-IKT."),
    )
    document_owner = models.CharField(
        _("document owner"),
        max_length=200,
        blank=True,
        help_text=_("Who is responsible for the document, e.g. ROR-IKT."),
    )
    subject = models.TextField(_("subject"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    partner = models.TextField(_("the security partner"), blank=True)
    scope = models.TextField(_("scope of the agreement"), blank=True)
    establishment = models.TextField(_("establishment phase"), blank=True)
    costs_first_year_notes = models.TextField(_("notes on the first year's costs"), blank=True)
    costs_later_notes = models.TextField(_("notes on the later years' costs"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    definitions = models.TextField(_("definitions"), blank=True)

    history = HistoricalRecords()

    objects = SecurityAgreementManager()

    class Meta:
        verbose_name = _("security agreement")
        verbose_name_plural = _("security agreements")
        ordering = ["-first_year", "-id"]

    def __str__(self) -> str:
        return f"{self.service} ({self.vendor})"

    @property
    def has_document_control(self) -> bool:
        return any(getattr(self, name) for name in self.DOCUMENT_CONTROL)

    @property
    def partners(self) -> list[str]:
        return [line.strip() for line in self.framework_partners.splitlines() if line.strip()]


class PriceTier(models.Model):
    agreement = models.ForeignKey(
        SecurityAgreement, models.CASCADE, related_name="tiers", verbose_name=_("agreement")
    )
    servers_up_to = models.PositiveIntegerField(_("servers covered, up to"))
    monthly_price = money_field(_("price per month"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price tier")
        verbose_name_plural = _("price tiers")
        ordering = ["servers_up_to"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "servers_up_to"], name="one_price_per_tier"
            )
        ]

    def __str__(self) -> str:
        return f"≤ {self.servers_up_to}"

    @property
    def yearly_price(self) -> Decimal:
        """Twelve months of the tier: a year's monitoring wherever the tier is reckoned with."""
        return 12 * self.monthly_price


class ServerCount(models.Model):
    agreement = models.ForeignKey(
        SecurityAgreement, models.CASCADE, related_name="server_counts", verbose_name=_("agreement")
    )
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("servers"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("server count")
        verbose_name_plural = _("server counts")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "date"], name="one_count_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.count} ({self.date})"
