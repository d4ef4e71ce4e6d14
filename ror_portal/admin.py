from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ror_portal.models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "member_from", "member_until"]
    prepopulated_fields = {"slug": ["name"]}
