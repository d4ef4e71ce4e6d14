import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budget.splits import PeriodSplits, SplitGroup
from ror_portal.formatting import format_money


class MoneyColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        attrs = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return format_money(value)


class PartColumn(MoneyColumn):
    """A municipality's part, linking to how it was computed."""

    def __init__(self, slug: str, **kwargs):
        self.slug = slug
        super().__init__(**kwargs)

    def render(self, value, record):
        return format_html('<a href="{}">{}</a>', record["urls"][self.slug], format_money(value))


def cost_split_table(splits: PeriodSplits, group: SplitGroup, **kwargs) -> tables.Table:
    """The period's items of one group (a kind, to date or for the whole year) ×
    municipalities, summed apart from every other group; each part links to its
    calculation. Sorted by ``<group slug>-sortering``."""
    items = [split for split in splits.items if split.group == group]
    columns = {
        "name": tables.Column(verbose_name=_("Cost item"), footer=group.total_label(splits.period)),
        "key": tables.Column(verbose_name=_("Allocation key")),
        "amount": MoneyColumn(verbose_name=_("Amount"), footer=format_money(splits.total(group))),
    }
    for municipality in splits.municipalities:
        columns[municipality.slug] = PartColumn(
            municipality.slug,
            verbose_name=municipality.name,
            footer=format_money(splits.total_for(municipality, group)),
        )
    meta = type("Meta", (), {"attrs": {"class": "money-table finance-table"}})
    table_class = type("CostSplitTable", (tables.Table,), {**columns, "Meta": meta})
    query = f"?til={splits.period.through_month}"
    rows = [
        {
            "name": split.item.name,
            "key": split.item.key.name,
            "amount": split.amount,
            **{m.slug: split.part(m) for m in splits.municipalities},
            "urls": {
                m.slug: reverse("budget:part_details", args=[splits.year, split.item.pk, m.slug])
                + query
                for m in splits.municipalities
            },
        }
        for split in items
    ]
    table = table_class(rows, prefix=f"{group.slug}-", order_by_field="sortering", **kwargs)
    table.caption = group.label(splits.period)
    return table
