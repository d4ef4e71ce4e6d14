import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from budget.accounts import ZERO, ActualsRow, actual_changes, actuals_grid
from budget.cost_sources import source_choices, source_label
from budget.ledger_admin import checked_view, confirm_view, upload_view
from budget.models import (
    MONTHS,
    AllocationKey,
    AllocationShare,
    BudgetLine,
    CostItem,
    LedgerFormat,
    LedgerImport,
    LedgerRule,
    MonthlyActual,
    MonthlyBudget,
    Population,
)
from budget.periods import accounts_period, accounts_shown_in, report_month_of
from budget.services import (
    actuals_save,
    allocation_key_compute,
    budget_lines_copy_to_next_year,
    shares_validate,
)
from ror_portal.admin_site.site import RecordAdmin
from ror_portal.blocks import FiguresPeriod
from ror_portal.dates import add_months
from ror_portal.formatting import format_number, month_name
from ror_portal.forms import KRONER_FIELDS, AmountInput, KronerField, money_column
from ror_portal.reporting import draft_report, report_for_month


class MonthlyBudgetInline(admin.TabularInline):
    model = MonthlyBudget
    extra = 0
    formfield_overrides = KRONER_FIELDS


class MonthlyActualInline(admin.TabularInline):
    """The line's actuals month by month, to read: they are entered on the month's form."""

    model = MonthlyActual
    template = "admin/budget/budgetline/actuals_inline.html"
    readonly_fields = ("month", "amount_shown")
    fields = readonly_fields
    ordering = ["month"]
    extra = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("Actuals month by month")

    amount_shown = money_column(MonthlyActual, "amount")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def month_label(year: int, month: int) -> str:
    """ "februar 2024"."""
    return FiguresPeriod(year, month, month).label


@dataclass(frozen=True)
class ActualsFormRow:
    """A line of the actuals form as shown: its field, its earlier months by name, the
    amount the field holds for the month and the year to date with it."""

    row: ActualsRow
    field: forms.BoundField
    earlier: list[tuple[str, Decimal]]  # ("januar", amount)
    month_amount: Decimal | None
    to_date: Decimal | None  # None while the field holds what cannot be read


@dataclass(frozen=True)
class KindTotal:
    """The sums of one kind of line (drift or investering): the ledger keeps the two
    apart, so the form never adds them together."""

    kind: str
    label: str
    budget_to_date: Decimal
    earlier: Decimal
    month: Decimal
    to_date: Decimal


class ActualsForm(forms.Form):
    """One amount field per budget line of the year: the month's actuals as a grid,
    each line beside its budget to date and the actuals of the months before."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.lines = [row.line for row in self.rows]
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = KronerField(
                label=line.name,
                required=False,
                help_text=line.get_kind_display(),
                # read by budget/actuals.js to keep the sums of the kind while typing
                widget=AmountInput(attrs={"data-kind": line.kind}),
            )

    def amounts(self) -> dict[int, Decimal | None]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}

    def month_amount(self, line: BudgetLine) -> Decimal | None:
        """What the line's field holds: the saved amount on a fresh form, the typed one
        (where it can be read) on a form shown back with errors."""
        name = f"line_{line.pk}"
        if not self.is_bound:
            return self.initial.get(name)
        self.is_valid()  # cleans once; a field that cannot be read is not in cleaned_data
        return self.cleaned_data.get(name)

    @cached_property
    def shown_rows(self) -> list[ActualsFormRow]:
        shown = []
        for row in self.rows:
            field = self[f"line_{row.line.pk}"]
            amount = self.month_amount(row.line)
            shown.append(
                ActualsFormRow(
                    row,
                    field,
                    [(month_name(m), a) for m, a in row.earlier],
                    amount,
                    None if field.errors else row.earlier_total + (amount or ZERO),
                )
            )
        return shown

    @cached_property
    def kind_totals(self) -> list[KindTotal]:
        """A sum row per kind of line there is, in the order the lines come."""
        by_kind: dict[str, list[ActualsFormRow]] = {}
        for shown in self.shown_rows:
            by_kind.setdefault(shown.row.line.kind, []).append(shown)
        totals = []
        for kind, rows in by_kind.items():
            earlier = sum((shown.row.earlier_total for shown in rows), ZERO)
            month = sum((shown.month_amount or ZERO for shown in rows), ZERO)
            totals.append(
                KindTotal(
                    kind,
                    _("Total %(kind)s") % {"kind": rows[0].row.line.get_kind_display().lower()},
                    sum((shown.row.budget_to_date for shown in rows), ZERO),
                    earlier,
                    month,
                    earlier + month,
                )
            )
        return totals


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=gettext_lazy("month"), choices=MONTHS, coerce=int)


class CopyToNextYearForm(forms.Form):
    percent_change = KronerField(
        label=gettext_lazy("change (%)"),
        required=False,
        min_value=Decimal(-100),
        max_value=Decimal(1000),
        help_text=gettext_lazy(
            "Optional, e.g. 3,5 or −2. Annual budgets are rounded to whole kroner and the "
            "monthly budgets still sum to them."
        ),
    )


def _month_to_enter() -> dict[str, int]:
    """The month offered when the actuals page is opened without one: the month whose
    actuals the draft report shows (its month − 1), or with no draft the month after the
    last one entered."""
    draft = draft_report()
    if draft is not None:
        year, month = accounts_shown_in(draft.month)
        return {"year": year, "month": month}
    last = MonthlyActual.objects.order_by("-line__year", "-month").values_list(
        "line__year", "month"
    )
    if not last:
        return {}
    after = add_months(datetime.date(*last[0], 1), 1)
    return {"year": after.year, "month": after.month}


def landing_text(year: int, month: int) -> str:
    """Where the actuals of a month are first shown: the report of the month after
    (budget.periods.report_month_of), with its meeting where that report exists."""
    report_month = report_month_of(year, month)
    values = {
        "month": month_label(year, month),
        "report": month_label(report_month.year, report_month.month),
    }
    report = report_for_month(report_month)
    if report is None:
        return _("The figures for %(month)s are shown in the report for %(report)s.") % values
    text = _(
        "The figures for %(month)s are shown in the report for %(report)s (meeting %(meeting)s)."
    ) % {**values, "meeting": report.meeting_number}
    if report.is_draft:
        return text
    # a correction after the board was shown the figures: the published versions keep
    # what they showed, so the administrator is told where a change will appear
    return f"{text} " + _(
        "That report is published: a change here is shown in the next report published, "
        "and in the report for %(report)s only if it is published again."
    ) % {"report": values["report"]}


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "kind", money_column(BudgetLine, "annual_budget"), "order"]
    list_filter = ["year", "kind"]
    search_fields = ["name"]
    inlines = [MonthlyBudgetInline, MonthlyActualInline]
    formfield_overrides = KRONER_FIELDS
    change_list_template = "admin/budget/budgetline/change_list.html"
    object_history_template = "admin/budget/budgetline/object_history.html"
    actions = ["copy_to_next_year"]

    def get_urls(self):
        return [
            path(
                "regnskap/",
                self.admin_site.admin_view(self.actuals_view),
                name="budget_budgetline_actuals",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        """The line's own history, then every change to its monthly actuals."""
        changes = [
            {
                "change": change,
                "month": month_name(change.month),
                "before": format_number(change.before, 2),
                "after": format_number(change.after, 2),
            }
            for change in (actual_changes(int(object_id)) if str(object_id).isdigit() else [])
        ]
        return super().history_view(
            request, object_id, {**(extra_context or {}), "actual_changes": changes}
        )

    @admin.action(
        description=gettext_lazy("Copy the chosen lines to the next year"),
        permissions=["add"],
    )
    def copy_to_next_year(self, request, queryset):
        form = CopyToNextYearForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                copied = budget_lines_copy_to_next_year(
                    lines=queryset,
                    percent_change=form.cleaned_data["percent_change"],
                    user=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                return None
            self.message_user(
                request,
                _("%(count)s lines copied to %(year)s; %(items)s cost items with them.")
                % {
                    "count": len(copied.lines),
                    "year": copied.year,
                    "items": len(copied.cost_items),
                },
                messages.SUCCESS,
            )
            for message in copied.cost_items_left:
                self.message_user(request, message, messages.WARNING)
            return HttpResponseRedirect(
                reverse("admin:budget_budgetline_changelist") + f"?year__exact={copied.year}"
            )
        return TemplateResponse(
            request,
            "admin/budget/budgetline/copy_to_next_year.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Copy budget lines to the next year"),
                "lines": queryset.order_by("year", "kind", "order", "id"),
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def actuals_view(self, request):
        """Enter a month's actuals for all lines of a year on one page."""
        if not request.user.has_perm("budget.change_monthlyactual"):
            raise PermissionDenied
        period = PeriodForm(request.GET or None, initial=_month_to_enter())
        context = {"period": period, "form": None}
        if period.is_valid():
            year, month = period.cleaned_data["year"], period.cleaned_data["month"]
            rows = actuals_grid(year=year, month=month)
            existing = dict(
                MonthlyActual.objects.filter(line__year=year, month=month).values_list(
                    "line", "amount"
                )
            )
            initial = {f"line_{pk}": amount for pk, amount in existing.items()}
            form = ActualsForm(request.POST or None, rows=rows, initial=initial)
            landing = landing_text(year, month)
            if request.method == "POST" and form.is_valid():
                saved = actuals_save(
                    year=year, month=month, amounts=form.amounts(), user=request.user
                )
                self.message_user(
                    request,
                    ngettext(
                        "Actuals for %(month)s are saved for %(count)s line "
                        "(%(changed)s changed). %(landing)s",
                        "Actuals for %(month)s are saved for %(count)s lines "
                        "(%(changed)s changed). %(landing)s",
                        saved.entered,
                    )
                    % {
                        "month": month_label(year, month),
                        "count": saved.entered,
                        "changed": saved.changed,
                        "landing": landing,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.get_full_path())
            context.update(
                form=form,
                landing=landing,
                month=month_label(year, month),
                budget_months=accounts_period(year, month).label,
                earlier_months=accounts_period(year, month - 1).label if month > 1 else "",
            )
        return TemplateResponse(
            request,
            "admin/budget/budgetline/actuals.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Enter the month's actuals"),
                **context,
            },
        )


class AllocationShareFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.year:
            return
        shares = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            if data["municipality"] in shares:
                raise ValidationError(
                    _("%(name)s has more than one share.") % {"name": data["municipality"].name}
                )
            shares[data["municipality"]] = data["percent"]
        shares_validate(year=self.instance.year, shares=shares)


class AllocationShareInline(admin.TabularInline):
    model = AllocationShare
    formset = AllocationShareFormSet
    extra = 0
    formfield_overrides = KRONER_FIELDS

    def get_extra(self, request, obj=None, **kwargs):
        return 5 if obj is None else 0

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.locked_at) and super().has_change_permission(request, obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class ComputedKeyForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=gettext_lazy("name"), max_length=200)
    equal_percent = KronerField(
        label=gettext_lazy("part split equally (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=Decimal(30),
    )


@admin.register(AllocationKey)
class AllocationKeyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "locked_at"]
    list_filter = ["year"]
    # how a computed key was made, shown in the finance workbook too
    readonly_fields = ["locked_at", "equal_percent", "population_year"]
    inlines = [AllocationShareInline]
    change_list_template = "admin/budget/allocationkey/change_list.html"

    def has_change_permission(self, request, obj=None):
        # A key a published report used is kept as it was; make a new key instead.
        return not (obj and obj.locked_at) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.locked_at) and super().has_delete_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "beregn/",
                self.admin_site.admin_view(self.compute_view),
                name="budget_allocationkey_compute",
            ),
            *super().get_urls(),
        ]

    def compute_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ComputedKeyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                key = allocation_key_compute(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The key %(key)s is made.") % {"key": key})
                return HttpResponseRedirect(
                    reverse("admin:budget_allocationkey_change", args=[key.pk])
                )
        return TemplateResponse(
            request,
            "admin/budget/allocationkey/compute.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Compute a key from inhabitants"),
                "form": form,
            },
        )


@admin.register(Population)
class PopulationAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "year", "inhabitants", "source"]
    list_filter = ["year"]


class CostItemHistoryHelper(HistoricalRecordContextHelper):
    """The source by its label ("Driftsavvik", not "operating_deviation"): its choices
    are registered at run time (budget.cost_sources), so the field has none for the
    history's generic wording (ror_portal/templatetags/admin_language.py) to read."""

    def prepare_delta_change_value(self, change, value):
        if change.field == "source" and value is not None:
            return str(source_label(value))
        return super().prepare_delta_change_value(change, value)


class CostItemForm(forms.ModelForm):
    source = forms.ChoiceField(label=capfirst(gettext_lazy("amount from")), choices=source_choices)

    class Meta:
        model = CostItem
        fields = ["year", "name", "kind", "key", "source", "amount", "order"]


@admin.register(CostItem)
class CostItemAdmin(SimpleHistoryAdmin):
    form = CostItemForm
    formfield_overrides = KRONER_FIELDS
    list_display = [
        "name",
        "year",
        "kind",
        "key",
        "source_shown",
        money_column(CostItem, "amount"),
    ]
    list_filter = ["year"]

    def get_historical_record_context_helper(self, request, historical_record):
        return CostItemHistoryHelper(self.model, historical_record)

    @admin.display(description=gettext_lazy("amount from"), ordering="source")
    def source_shown(self, item):
        return source_label(item.source)


@admin.register(LedgerFormat)
class LedgerFormatAdmin(SimpleHistoryAdmin):
    """One row: the column names of the ledger file."""

    def has_delete_permission(self, request, obj=None):
        return False


class LedgerRuleForm(forms.ModelForm):
    class Meta:
        model = LedgerRule
        fields = ["line", "art", "ansvar", "funksjon", "prosjekt"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        line = self.fields["line"]
        if isinstance(line, forms.ModelChoiceField):  # a line by its year: "Lønn (2024)"
            line.queryset = BudgetLine.objects.order_by("-year", "kind", "order", "id")


@admin.register(LedgerRule)
class LedgerRuleAdmin(SimpleHistoryAdmin):
    """Rules are the year's, as its lines are; copying the lines to the next year copies
    their rules."""

    form = LedgerRuleForm
    list_display = ["line", "art", "ansvar", "funksjon", "prosjekt"]
    list_filter = ["line__year", "line__kind"]
    search_fields = ["line__name", "art", "ansvar", "funksjon", "prosjekt"]


@admin.register(LedgerImport)
class LedgerImportAdmin(RecordAdmin):
    """Read only: the log of ledger imports, written by the import itself; the import's
    own pages are here."""

    list_display = [
        "imported_at",
        "file_name",
        "imported_by",
        "months",
        "postings",
        "changed",
        "unmapped",
        money_column(LedgerImport, "unmapped_amount"),
        "doubly_mapped",
    ]
    readonly_fields = [f.name for f in LedgerImport._meta.fields]
    change_list_template = "admin/budget/ledgerimport/change_list.html"

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            path("import/", wrap(upload_view), name="budget_ledgerimport_upload"),
            path(
                "import/checked/<int:pk>/", wrap(checked_view), name="budget_ledgerimport_checked"
            ),
            path("import/confirm/", wrap(confirm_view), name="budget_ledgerimport_confirm"),
            *super().get_urls(),
        ]
