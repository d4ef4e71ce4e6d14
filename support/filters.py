import datetime

import django_filters
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ror_portal.dates import add_months
from ror_portal.formatting import month_label
from ror_portal.models import Municipality
from support.models import Kind, Priority, Ticket
from support.selectors import month_span, sla_targets


def tickets_with_breach():
    """Tickets with their SLA target and breach (``Ticket.objects.with_sla``)."""
    return Ticket.objects.select_related("category", "municipality").with_sla(sla_targets())


def month_choices():
    """Every month from the first ticket's to this one, newest first ("desember 2023"):
    a fixed window of months would leave older tickets out of reach."""
    this_month = timezone.localdate().replace(day=1)
    first = Ticket.objects.aggregate(first=Min("created"))["first"]
    month = timezone.localtime(first).date().replace(day=1) if first else this_month
    choices = []
    while month <= this_month:
        choices.append((month.strftime("%Y-%m"), month_label(month)))
        month = add_months(month, 1)
    return choices[::-1]


class TicketFilter(django_filters.FilterSet):
    month = django_filters.ChoiceFilter(
        label=_("created in month"), choices=month_choices, method="created_in_month"
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("municipality"), queryset=Municipality.objects.all()
    )
    priority = django_filters.ChoiceFilter(label=_("priority"), choices=Priority.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Kind.choices)
    breached = django_filters.BooleanFilter(label=_("SLA breached"), method="with_breach")

    class Meta:
        model = Ticket
        fields = ["month", "municipality", "priority", "kind", "breached"]

    def created_in_month(self, queryset, name, value):
        month = datetime.datetime.strptime(value, "%Y-%m").date()
        return queryset.created_between(*month_span(month))

    def with_breach(self, queryset, name, value):
        return queryset.filter(sla_breached=value)
