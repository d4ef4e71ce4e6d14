from functools import partial

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from ror_portal.admin_site.site import RecordAdmin
from support.admin_import import changes_view, checked_view, confirm_view, upload_view
from support.admin_sync import sync_view
from support.filters import TicketFilter, tickets_with_breach
from support.models import Category, SlaTarget, Ticket, TicketImport
from support.pureservice import client_from_settings
from support.tables import TicketTable


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Tickets come from the ITSM export; the list is a filterable, sortable table."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(partial(upload_view, self)), name="support_ticket_import"),
            path(
                "import/checked/<int:pk>/",
                wrap(partial(checked_view, self)),
                name="support_ticket_import_checked",
            ),
            path(
                "import/checked/<int:pk>/changes.csv",
                wrap(partial(changes_view, self)),
                name="support_ticket_import_changes",
            ),
            path(
                "import/confirm/",
                wrap(partial(confirm_view, self)),
                name="support_ticket_import_confirm",
            ),
            path("sync/", wrap(partial(sync_view, self)), name="support_ticket_sync"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        tickets = TicketFilter(request.GET, queryset=tickets_with_breach())
        table = TicketTable(tickets.qs, order_by_field="sortering", page_field="side")
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return TemplateResponse(
            request,
            "admin/support/ticket/list.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Tickets"),
                "filter": tickets,
                "table": table,
                "can_import": self.has_add_permission(request),
                "can_sync": self.has_add_permission(request) and client_from_settings() is not None,
            },
        )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(SlaTarget)
class SlaTargetAdmin(admin.ModelAdmin):
    list_display = ["priority", "resolution", "response"]

    def has_add_permission(self, request):
        return False  # one target per priority, made by a migration

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TicketImport)
class TicketImportAdmin(RecordAdmin):
    """Read only: the log of imports is written by the import itself."""

    list_display = ["imported_at", "file_name", "imported_by", "new", "changed", "unchanged"]
    readonly_fields = [f.name for f in TicketImport._meta.fields]
