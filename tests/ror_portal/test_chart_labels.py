"""Labels from the data are drawn as plain text, never as matplotlib mathtext:
a "$" or "{" in a category's name neither breaks the chart nor changes its text."""

import datetime
import html
import re

import pytest

from reports.rendering import run_block
from ror_portal.blocks import Period
from ror_portal.charts import as_series, bar_chart, line_chart
from tests.factories import CategoryFactory, TicketFactory

LABELS = ("Lisenser $x^{$", "$100 $200")
SERIES = as_series([("Budsjett $", [1, -2]), ("Regnskap {x}", [2, 1])])


def texts(svg: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


@pytest.mark.parametrize(
    "chart",
    [
        lambda: bar_chart("labels-bar", LABELS, SERIES, description="Søyler", value_label="$"),
        lambda: bar_chart(
            "labels-barh",
            LABELS,
            SERIES,
            description="Liggende",
            value_label="{x}",
            horizontal=True,
            stacked=True,
        ),
        lambda: line_chart("labels-line", LABELS, SERIES, description="Linjer", value_label="$"),
    ],
)
def test_labels_and_legends_are_drawn_as_written(chart):
    for svg in (chart().wide, chart().narrow):
        assert set(LABELS) | {"Budsjett $", "Regnskap {x}"} <= set(texts(svg))


def test_a_category_named_with_dollars_gets_its_chart(db):
    TicketFactory(category=CategoryFactory(name="Lisenser $x^{$"))
    january = Period(
        datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
    )
    block = run_block("support.by_category", january)
    assert block.error is None
    chart = block.data.context["chart"]
    assert "Lisenser $x^{$" in texts(chart.wide)
    assert "Lisenser $x^{$" in texts(chart.narrow)
