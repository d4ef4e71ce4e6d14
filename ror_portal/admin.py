from django.contrib import admin
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from ror_portal.models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "member_from", "member_until"]
    prepopulated_fields = {"slug": ["name"]}


# The task queue's own admin is English and shows the internals of a task; what an
# administrator needs of a task (a failed notice) the portal's pages show.
admin.site.unregister(DBTaskResult)
