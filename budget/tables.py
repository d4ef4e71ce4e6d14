import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from budget.selectors import YearSplits
from ror_portal.formatting import format_money


class MoneyColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        attrs = {"th": {"class": "num"}, "td": {"class": "num"}}
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return format_money(value)


def cost_split_table(splits: YearSplits, **kwargs) -> tables.Table:
    """Cost items × municipalities; a column per member of the year."""
    columns = {
        "name": tables.Column(verbose_name=_("Cost item"), footer=_("Total")),
        "key": tables.Column(verbose_name=_("Allocation key")),
        "amount": MoneyColumn(verbose_name=_("Amount"), footer=format_money(splits.total)),
    }
    for municipality in splits.municipalities:
        columns[municipality.slug] = MoneyColumn(
            verbose_name=municipality.name, footer=format_money(splits.total_for(municipality))
        )
    table_class = type("CostSplitTable", (tables.Table,), columns)
    rows = [
        {
            "name": split.item.name,
            "key": split.item.key.name,
            "amount": split.amount,
            **{m.slug: split.part(m) for m in splits.municipalities},
        }
        for split in splits.items
    ]
    return table_class(rows, order_by_field="sortering", **kwargs)
