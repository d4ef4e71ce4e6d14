from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ror_portal.forms import KRONER_FIELDS, KronerField
from security.models import PriceTier, SecurityAgreement, ServerCount
from security.selectors import TierError, tier_for


class PriceTierInline(admin.TabularInline):
    model = PriceTier
    extra = 0
    formfield_overrides = KRONER_FIELDS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Whole kroner a month: twelve of them are the year's price in every table, where
        # a price with øre would be shown rounded beside an exact year (130 001 × 12 ≠
        # 1 560 006).
        if db_field.name == "monthly_price":
            kwargs["form_class"], kwargs["decimal_places"] = KronerField, 0
            # as many kroner digits as the column holds, so too large an amount is
            # refused in the field's words (ror_portal.forms.KronerField)
            kwargs["max_digits"] = db_field.max_digits - db_field.decimal_places
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ServerCountFormSet(BaseInlineFormSet):
    """A count the agreement's price tiers do not cover has no price: refused here, not
    found later as a failed block and a finance page without the agreement's split."""

    def clean(self):
        super().clean()
        tiers = list(self.instance.tiers.all()) if self.instance.pk else []
        for form in self.forms:
            count = form.cleaned_data.get("count")
            if count is None or form.cleaned_data.get("DELETE"):
                continue
            try:
                tier_for(tiers, count)
            except TierError as error:
                form.add_error("count", str(error))


class ServerCountInline(admin.TabularInline):
    model = ServerCount
    formset = ServerCountFormSet
    extra = 1


@admin.register(SecurityAgreement)
class SecurityAgreementAdmin(SimpleHistoryAdmin):
    list_display = ["service", "vendor", "first_year", "case_number"]
    inlines = [PriceTierInline, ServerCountInline]
    formfield_overrides = KRONER_FIELDS
    fieldsets = [
        (None, {"fields": ["vendor", "service", "framework_partners", "case_number",
                           "first_year", "starts", "ends"]}),
        (_("Document control"), {"fields": SecurityAgreement.DOCUMENT_CONTROL}),
        (_("Costs and service level"), {"fields": ["establishment_cost", "consultants_per_year",
                                                   "irt_response_hours"]}),
        (_("Texts of the case document (Markdown)"), {"fields": [
            "subject", "introduction", "partner", "scope", "establishment",
            "costs_first_year_notes", "costs_later_notes", "recommendation", "definitions"]}),
    ]  # fmt: skip
