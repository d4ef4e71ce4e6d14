import datetime

import pytest
from django.template.loader import render_to_string

from ror_portal.blocks import Period, get_block, to_csv

pytestmark = pytest.mark.django_db
JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)
BLOCKS = [
    "support.by_category",
    "support.by_municipality",
    "support.open_incidents",
    "support.open_requests",
    "support.open_total",
    "support.sla_compliance",
    "support.resolution_time",
    "support.critical_tickets",
    "support.sla_by_municipality",
]


def render(name):
    block = get_block(name)
    data = block.function(JANUARY_2024)
    return data, render_to_string(block.template, {"data": data, **data.context})


@pytest.mark.parametrize("name", BLOCKS)
def test_every_block_renders_its_figures(demo_tickets, name):
    data, html = render(name)
    assert data.rows
    assert "<table" in html
    assert to_csv(data).count("\r\n") == len(data.rows) + 1


@pytest.mark.parametrize(
    "name",
    [
        "support.by_category",
        "support.by_municipality",
        "support.open_incidents",
        "support.open_requests",
        "support.open_total",
        "support.sla_compliance",
        "support.sla_by_municipality",
    ],
)
def test_charts_are_svg_with_a_text_alternative_beside_a_table(demo_tickets, name):
    data, html = render(name)
    assert '<svg role="img" aria-label="' in html
    assert "<figcaption>" in html and data.context["caption"] in html.replace("&#x27;", "'")
    assert "<script" not in html


def test_the_sla_table_in_norwegian(demo_tickets):
    data, html = render("support.sla_compliance")
    assert data.rows[1] == ["Medium", 344, 96, 277, 78, 397, 50]
    assert "november 2023" in html and "SLA-brudd" in html


def test_the_open_counts_text_alternative(demo_tickets):
    data, _ = render("support.open_total")
    assert "140 per 31.01.2024" in data.context["caption"]
    assert data.rows[-1] == [datetime.date(2024, 1, 31), 140, 455, 595]


def test_the_resolution_time_shows_a_dash_where_none_was_resolved(demo_tickets):
    data, html = render("support.resolution_time")
    assert data.rows[3] == ["Kritisk", "2 timer", *data.rows[3][2:]]
    assert data.rows[3][3] is None
    assert "5 dager" in html and "–" in html
    assert "4,6" in html and "179,8" in html


def test_charts_are_the_same_for_the_same_figures(demo_tickets):
    first = render("support.open_total")[1]
    from ror_portal.charts import line_chart

    line_chart.cache_clear()
    assert render("support.open_total")[1] == first
