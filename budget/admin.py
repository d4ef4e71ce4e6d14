from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from budget.cost_sources import source_choices
from budget.models import (
    MONTHS,
    AllocationKey,
    AllocationShare,
    BudgetLine,
    CostItem,
    MonthlyActual,
    MonthlyBudget,
    Population,
)
from budget.services import actuals_save, allocation_key_compute, shares_validate
from ror_portal.forms import KRONER_FIELDS, KronerField


class MonthlyBudgetInline(admin.TabularInline):
    model = MonthlyBudget
    extra = 0
    formfield_overrides = KRONER_FIELDS


class ActualsForm(forms.Form):
    """One amount field per budget line of the year: the month's actuals as a grid."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = KronerField(
                label=line.name,
                required=False,
                max_digits=14,
                decimal_places=2,
                help_text=line.get_kind_display(),
            )

    def amounts(self) -> dict[int, Decimal | None]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=gettext_lazy("month"), choices=MONTHS, coerce=int)


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "kind", "annual_budget", "order"]
    list_filter = ["year", "kind"]
    search_fields = ["name"]
    inlines = [MonthlyBudgetInline]
    formfield_overrides = KRONER_FIELDS
    change_list_template = "admin/budget/budgetline/change_list.html"

    def get_urls(self):
        return [
            path(
                "regnskap/",
                self.admin_site.admin_view(self.actuals_view),
                name="budget_budgetline_actuals",
            ),
            *super().get_urls(),
        ]

    def actuals_view(self, request):
        """Enter a month's actuals for all lines of a year on one page."""
        if not request.user.has_perm("budget.change_monthlyactual"):
            raise PermissionDenied
        period = PeriodForm(request.GET or None)
        form = None
        if period.is_valid():
            year, month = period.cleaned_data["year"], period.cleaned_data["month"]
            lines = BudgetLine.objects.filter(year=year)
            existing = dict(
                MonthlyActual.objects.filter(line__in=lines, month=month).values_list(
                    "line", "amount"
                )
            )
            initial = {f"line_{pk}": amount for pk, amount in existing.items()}
            form = ActualsForm(request.POST or None, lines=lines, initial=initial)
            if request.method == "POST" and form.is_valid():
                saved = actuals_save(year=year, month=month, amounts=form.amounts())
                self.message_user(
                    request,
                    _("Actuals for %(month)s/%(year)s are saved for %(count)s lines.")
                    % {"month": month, "year": year, "count": saved},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.get_full_path())
        return TemplateResponse(
            request,
            "admin/budget/budgetline/actuals.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Enter the month's actuals"),
                "period": period,
                "form": form,
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
    readonly_fields = ["locked_at"]
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
    list_display = ["municipality", "year", "inhabitants"]
    list_filter = ["year"]


class CostItemForm(forms.ModelForm):
    source = forms.ChoiceField(label=gettext_lazy("amount from"), choices=source_choices)

    class Meta:
        model = CostItem
        fields = ["year", "name", "key", "source", "amount", "order"]


@admin.register(CostItem)
class CostItemAdmin(SimpleHistoryAdmin):
    form = CostItemForm
    formfield_overrides = KRONER_FIELDS
    list_display = ["name", "year", "key", "source", "amount"]
    list_filter = ["year"]
