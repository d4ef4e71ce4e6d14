from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ror_portal.models import money_field


class SecurityAgreement(models.Model):
    """The security-partner agreement (SOC+), the texts of its case document included."""

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

    class Meta:
        verbose_name = _("security agreement")
        verbose_name_plural = _("security agreements")
        ordering = ["-first_year", "-id"]

    def __str__(self) -> str:
        return f"{self.service} ({self.vendor})"

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
