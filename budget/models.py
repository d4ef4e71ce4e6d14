from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import dates
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ror_portal.collation import norwegian
from ror_portal.formatting import format_percent
from ror_portal.models import Municipality, money_field

# By name, as the admin shows them: januar … desember.
MONTHS = list(dates.MONTHS.items())


def with_year(name: str, year: int) -> str:
    """A name of one year's record as lists and messages show it: with the year, unless
    the name says it already ("Fordelingsnøkkel 2024", not "Fordelingsnøkkel 2024 2024")."""
    return name if str(year) in name else f"{name} ({year})"


class BudgetLineQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "BudgetLineQuerySet":
        return self.filter(year=year)


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        OPERATING = "operating", _("Operating")
        INVESTMENT = "investment", _("Investment")

    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    annual_budget = money_field(_("annual budget"))
    order = models.PositiveIntegerField(_("order"), default=0)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Why the line deviates, for the report (Markdown)."),
    )

    objects = BudgetLineQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "name"], name="one_line_per_name")
        ]
        indexes = [models.Index(fields=["year", "kind"])]

    def __str__(self) -> str:
        return with_year(self.name, self.year)


class MonthlyBudget(models.Model):
    """A line's own budget for a month, where it is not twelve equal parts."""

    line = models.ForeignKey(
        BudgetLine, models.CASCADE, related_name="monthly_budgets", verbose_name=_("budget line")
    )
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS)
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly budget")
        verbose_name_plural = _("monthly budgets")
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="one_budget_per_line_month")
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.month}"


class MonthlyActual(models.Model):
    line = models.ForeignKey(
        BudgetLine, models.CASCADE, related_name="actuals", verbose_name=_("budget line")
    )
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS)
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly actual")
        verbose_name_plural = _("monthly actuals")
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="one_actual_per_line_month")
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.month}"


class AllocationKey(models.Model):
    year = models.PositiveIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    basis = models.TextField(_("basis"), blank=True, help_text=_("What the shares rest on."))
    locked_at = models.DateTimeField(
        _("used in a published report"), null=True, blank=True, editable=False
    )
    # Set when the key is computed from inhabitants (budget.services.allocation_key_compute),
    # so the finance workbook can show how it was made.
    equal_percent = models.DecimalField(
        _("part split equally (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    population_year = models.PositiveIntegerField(
        _("inhabitants on 1 January of"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allocation key")
        verbose_name_plural = _("allocation keys")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="one_key_name_per_year")
        ]

    def __str__(self) -> str:
        return with_year(self.name, self.year)


class AllocationShare(models.Model):
    key = models.ForeignKey(
        AllocationKey, models.CASCADE, related_name="shares", verbose_name=_("allocation key")
    )
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    percent = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = [norwegian("municipality__name")]
        constraints = [
            models.UniqueConstraint(fields=["key", "municipality"], name="one_share_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {format_percent(self.percent)}"


class Population(models.Model):
    """Inhabitants on 1 January, the basis of a computed key."""

    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    year = models.PositiveIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants on 1 January"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the count comes from, e.g. SSB table 07459."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("population")
        ordering = ["-year", norwegian("municipality__name")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="one_count_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.inhabitants}"


class CostItem(models.Model):
    """An amount to split between the members with a key, e.g. the 2023 overspend."""

    year = models.PositiveIntegerField(_("year"), help_text=_("The year the amount belongs to."))
    name = models.CharField(_("name"), max_length=200)
    key = models.ForeignKey(
        AllocationKey, models.PROTECT, related_name="cost_items", verbose_name=_("allocation key")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=BudgetLine.Kind.choices,
        default=BudgetLine.Kind.OPERATING,
        help_text=_(
            "Operating or investment: the two are summed apart. A deviation's kind is its own."
        ),
    )
    source = models.CharField(
        _("amount from"),
        max_length=50,
        default="typed",
        help_text=_("Typed in, or computed from the portal's figures."),
    )
    amount = money_field(
        _("amount"), null=True, blank=True, help_text=_("Whole kroner; only when typed in.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["year", "order", "id"]

    def __str__(self) -> str:
        return with_year(self.name, self.year)

    def clean(self) -> None:
        from budget.cost_sources import TYPED, get_source

        if self.source == TYPED:
            if self.amount is None:
                raise ValidationError({"amount": _("Type the amount.")})
            if self.amount != self.amount.to_integral_value():
                raise ValidationError({"amount": _("The amount must be whole kroner.")})
        elif (source := get_source(self.source)) is None:
            raise ValidationError({"source": _("Unknown source of the amount.")})
        elif source.kind:
            self.kind = source.kind  # a deviation is of its own kind
        if self.key_id and self.key.year != self.year:
            raise ValidationError({"key": _("Use a key of the same year as the cost item.")})


class PublishedPeriod(models.Model):
    """The period of each published report, told by ``report_published``: the finance
    page opens on the latest one, so it shows what the board was last shown."""

    month = models.DateField(_("report month"), unique=True)
    as_of = models.DateField(_("figures as of"))
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("published period")
        verbose_name_plural = _("published periods")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
