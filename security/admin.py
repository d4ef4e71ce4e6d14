from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ror_portal.forms import KRONER_FIELDS
from security.models import PriceTier, SecurityAgreement, ServerCount


class PriceTierInline(admin.TabularInline):
    model = PriceTier
    extra = 0
    formfield_overrides = KRONER_FIELDS


class ServerCountInline(admin.TabularInline):
    model = ServerCount
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
