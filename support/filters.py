import datetime

import django_filters
from django.db.models import BooleanField, Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from ror_portal.models import Municipality
from support.models import Kind, Priority, Ticket
from support.selectors import add_months, sla_target_seconds, sla_targets, start_of


def tickets_with_breach():
    """Tickets with ``breached`` (None while open) from their priority's SLA target."""
    return (
        Ticket.objects.select_related("category", "municipality")
        .annotate(target=sla_target_seconds(sla_targets()))
        .annotate(
            breached=Case(
                When(resolution_seconds__isnull=True, then=Value(None)),
                When(resolution_seconds__gt=F("target"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(null=True),
            )
        )
    )


def month_choices():
    today = datetime.date.today().replace(day=1)
    return [
        (add_months(today, -n).strftime("%Y-%m"), add_months(today, -n).strftime("%m.%Y"))
        for n in range(36)
    ]


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
        return queryset.filter(
            created__gte=start_of(month), created__lt=start_of(add_months(month, 1))
        )

    def with_breach(self, queryset, name, value):
        return queryset.filter(breached=value)
