from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import dates
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ror_portal.collation import norwegian
from ror_portal.formatting import format_percent
from ror_portal.models import FileImportRecord, Municipality, money_field

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


class MonthAmount(models.Model):
    """A budget line's amount for one month of its year: its own budget or its actual.
    Each kind names its ``line`` for the way back from the line (``line.actuals``)."""

    line: "models.ForeignKey[BudgetLine, BudgetLine]"
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS)
    amount = money_field(_("amount"))

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.line} {self.month}"


class MonthlyBudget(MonthAmount):
    """A line's own budget for a month, where it is not twelve equal parts."""

    line = models.ForeignKey(
        BudgetLine, models.CASCADE, related_name="monthly_budgets", verbose_name=_("budget line")
    )

    class Meta:
        verbose_name = _("monthly budget")
        verbose_name_plural = _("monthly budgets")
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="one_budget_per_line_month")
        ]


class MonthlyActual(MonthAmount):
    line = models.ForeignKey(
        BudgetLine, models.CASCADE, related_name="actuals", verbose_name=_("budget line")
    )

    class Meta:
        verbose_name = _("monthly actual")
        verbose_name_plural = _("monthly actuals")
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="one_actual_per_line_month")
        ]


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


class LedgerFormat(models.Model):
    """How the ledger extract names its columns: one row, changed in the admin, since
    each municipality's ERP words its headers its own way. Without a row the defaults
    (Molde kommune's extract) hold."""

    period = models.CharField(_("period (YYYYMM)"), max_length=100, default="Periode")
    voucher = models.CharField(_("voucher number"), max_length=100, default="Bilagsnr")
    voucher_date = models.CharField(_("voucher date"), max_length=100, default="Bilagsdato")
    art = models.CharField(_("art (account)"), max_length=100, default="Art")
    ansvar = models.CharField(_("ansvar (responsibility)"), max_length=100, default="Ansvar")
    funksjon = models.CharField(_("funksjon (function)"), max_length=100, default="Funksjon")
    prosjekt = models.CharField(_("prosjekt (project)"), max_length=100, default="Prosjekt")
    text = models.CharField(_("text"), max_length=100, default="Tekst")
    amount = models.CharField(_("amount"), max_length=100, default="Beløp")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledger file format")
        verbose_name_plural = _("ledger file format")

    def __str__(self) -> str:
        return str(_("Column names of the ledger file"))

    def clean(self) -> None:
        if self.pk is None and LedgerFormat.objects.exists():
            raise ValidationError(_("The format is set already: change that one."))

    @classmethod
    def current(cls) -> "LedgerFormat":
        """The stored format, or the defaults where none is stored."""
        return cls.objects.order_by("pk").first() or cls()


class LedgerRule(models.Model):
    """Postings that go to a budget line: those whose art matches ``art`` and whose
    ansvar, funksjon and prosjekt are the rule's where it names them (empty: any).
    Which rule wins where several match is budget.ledger_rules.precedence."""

    line = models.ForeignKey(
        BudgetLine, models.CASCADE, related_name="ledger_rules", verbose_name=_("budget line")
    )
    art = models.CharField(
        _("art"),
        max_length=50,
        blank=True,
        help_text=_("One art (195), a range (100-199) or a prefix (19*); empty: any art."),
    )
    ansvar = models.CharField(_("ansvar"), max_length=50, blank=True)
    funksjon = models.CharField(_("funksjon"), max_length=50, blank=True)
    prosjekt = models.CharField(_("prosjekt"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledger mapping rule")
        verbose_name_plural = _("ledger mapping rules")
        ordering = ["line__year", "line__kind", "line__order", "art", "id"]

    def __str__(self) -> str:
        parts = [
            f"{label} {value}"
            for label, value in (
                (_("art"), self.art),
                (_("ansvar"), self.ansvar),
                (_("funksjon"), self.funksjon),
                (_("prosjekt"), self.prosjekt),
            )
            if value
        ]
        return f"{', '.join(parts)} → {self.line}"

    def clean(self) -> None:
        from budget.ledger_rules import ArtPattern

        if not (self.art or self.ansvar or self.funksjon or self.prosjekt):
            raise ValidationError(_("Give at least one of art, ansvar, funksjon and prosjekt."))
        if self.art:
            try:
                ArtPattern.parse(self.art)
            except ValueError as error:
                raise ValidationError({"art": str(error)}) from None


class LedgerImport(FileImportRecord):
    """The audit trail of ledger imports: who imported which file, when, and what it did."""

    months = models.CharField(_("months"), max_length=200)
    postings = models.PositiveIntegerField(_("postings"))
    changed = models.PositiveIntegerField(_("actuals changed"))
    unmapped = models.PositiveIntegerField(_("postings not mapped"))
    unmapped_amount = money_field(_("amount not mapped"))
    doubly_mapped = models.PositiveIntegerField(_("postings mapped twice"))

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d.%m.%Y %H:%M})"
