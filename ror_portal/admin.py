from django.contrib import admin

from ror_portal.models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "member_from", "member_until"]
    prepopulated_fields = {"slug": ["name"]}
