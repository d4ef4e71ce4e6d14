import django_tables2 as tables
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ror_portal.formatting import format_number
from support.blocks import duration_text
from support.models import Ticket
from support.selectors import in_unit


class SlaBreachColumn(tables.Column):
    """Whether a ticket broke its SLA, read the right way round: a breach is the admin's
    red cross, a ticket within its target the green tick, each with its words for a screen
    reader (django-tables2's BooleanColumn gave a breach the tick of a yes). An open ticket,
    or one without a target, is neither."""

    ICONS = {True: ("admin/img/icon-no.svg", _("Breached")),
             False: ("admin/img/icon-yes.svg", _("Not breached"))}  # fmt: skip

    def __init__(self, **kwargs):
        # None is a value of its own (open), not an empty cell left to the default
        super().__init__(empty_values=(), **kwargs)

    def render(self, value):
        if value is None:
            return format_html(
                '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
                gettext("Not settled (open or without a target)"),
            )
        icon, words = self.ICONS[bool(value)]
        return format_html(
            '<img src="{}" alt="{}" class="sla-{}" width="13" height="13">',
            static(icon),
            words,
            "breached" if value else "met",
        )


class TicketTable(tables.Table):
    number = tables.Column(attrs={"td": {"class": "ticket-number"}})
    resolution = tables.Column(
        verbose_name=_("Resolution time"),
        accessor="resolution_seconds",
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    breached = SlaBreachColumn(verbose_name=_("SLA breached"), accessor="sla_breached")

    class Meta:
        model = Ticket
        fields = ["number", "kind", "category", "municipality", "priority", "subject", "created",
                  "resolved", "resolution", "breached"]  # fmt: skip
        order_by = "-created"
        attrs = {"class": "ticket-table"}

    def render_resolution(self, value, record):
        # Days for Lav and Medium, hours for Høy and Kritisk, as in the report.
        return duration_text(record.priority, format_number(in_unit(record.priority, value), 1))
