import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ror_portal.formatting import format_number
from support.blocks import duration_text
from support.models import Ticket
from support.selectors import in_unit


class TicketTable(tables.Table):
    number = tables.Column(attrs={"td": {"class": "ticket-number"}})
    resolution = tables.Column(
        verbose_name=_("Resolution time"),
        accessor="resolution_seconds",
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    breached = tables.BooleanColumn(
        verbose_name=_("SLA breached"), accessor="sla_breached", null=True
    )

    class Meta:
        model = Ticket
        fields = ["number", "kind", "category", "municipality", "priority", "subject", "created",
                  "resolved", "resolution", "breached"]  # fmt: skip
        order_by = "-created"
        attrs = {"class": "ticket-table"}

    def render_resolution(self, value, record):
        # Days for Lav and Medium, hours for Høy and Kritisk, as in the report.
        return duration_text(record.priority, format_number(in_unit(record.priority, value), 1))
