import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from ror_portal.blocks import Period, get_block, to_csv
from ror_portal.charts import COLOURS

pytestmark = pytest.mark.django_db
JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)
MARCH_2025 = Period(datetime.date(2025, 3, 1), datetime.date(2025, 4, 1), datetime.date(2025, 4, 9))
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


@pytest.mark.parametrize("name", BLOCKS)
def test_every_table_scrolls_in_a_named_region_keyboard_users_can_reach(demo_tickets, name):
    _, html = render(name)
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.find_all("table")
    assert tables
    for table in tables:
        region = table.parent
        assert region["class"] == ["table-scroll"]
        assert region["role"] == "region" and region["tabindex"] == "0"
        assert region["aria-label"] == " ".join(table.caption.get_text().split())


def test_a_month_without_incidents_is_a_dash_in_the_table_and_no_bar_in_the_chart(demo_tickets):
    data, html = render("support.sla_compliance")
    # The CSV keeps the counts: none resolved in December, neither within the SLA nor not.
    assert data.rows[3] == ["Kritisk", 1, 0, 0, 0, 2, 1]
    soup = BeautifulSoup(html, "html.parser")
    critical = soup.find("th", string="Kritisk").parent
    assert [td.get_text() for td in critical.find_all("td")] == ["1", "0", "–", "–", "2", "1"]
    assert "– : ingen feilmeldinger med denne prioriteten ble løst i måneden." in html
    caption = data.context["caption"]
    assert "Ingen feilmeldinger med prioritet Kritisk ble løst i desember 2023." in caption
    assert "Kritisk: 100,0\xa0%, –, 66,7\xa0%." in caption
    december = COLOURS[1].lower()
    for svg in (data.context["chart"].wide, data.context["chart"].narrow):
        # Lav, Medium and Høy have a December bar, Kritisk none; and the legend's patch.
        assert len(re.findall(rf'<path [^>]*fill="{december}"', svg)) == 3 + 1
        assert len(re.findall(rf'<path [^>]*fill="{COLOURS[0].lower()}"', svg)) == 4 + 1
        assert re.search(r"<text[^>]*>–</text>", svg)
        assert re.search(r"<text[^>]*>100\xa0%</text>", svg)
        assert re.search(r"<text[^>]*>Løst innen SLA</text>", svg)


def test_the_text_alternative_names_every_municipality_that_shares_the_most(db):
    from ror_portal.models import Municipality
    from tests.factories import TicketFactory

    march = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=datetime.UTC)

    def described() -> str:
        chart = get_block("support.by_municipality").function(MARCH_2025).context["chart"]
        return re.search(r'aria-label="([^"]*)"', chart.wide).group(1)

    for slug in ("aukra", "molde", "rauma", "vestnes"):
        TicketFactory(municipality=Municipality.objects.get(slug=slug), created=march)
    assert described() == (
        "4 nye saker i mars 2025 fordelt på kommune; "
        "flest i Aukra, Molde, Rauma og Vestnes (25,0\xa0% hver)."
    )
    TicketFactory(municipality=Municipality.objects.get(slug="rauma"), created=march)
    assert described() == ("5 nye saker i mars 2025 fordelt på kommune; flest i Rauma (40,0\xa0%).")


@pytest.mark.parametrize("name", ["support.by_category", "support.by_municipality"])
def test_the_sum_row_of_new_tickets_sums_every_column(demo_tickets, name):
    data, html = render(name)
    footer = BeautifulSoup(html, "html.parser").find("tfoot")
    cells = [cell.get_text() for cell in footer.find_all("td")]
    sums = [sum(row[column] for row in data.rows) for column in (1, 2, 3)]
    assert cells == [f"{sums[0]}", f"{sums[1]}", f"{sums[2]}", "100,0\xa0%"]
    assert sums[0] + sums[1] == sums[2] == 851  # the reference's new tickets of January 2024
