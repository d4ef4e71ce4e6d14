import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from budget import demo as budget_demo
from budget.cost_sources import SplitPeriod
from budget.models import AllocationShare
from budget.periods import split_period
from budget.splits import period_splits
from reports.rendering import run_block
from ror_portal.blocks import Period, get_block
from security import demo
from security.blocks import case_document, costs_block, what_if_block
from security.models import PriceTier, SecurityAgreement, ServerCount
from security.selectors import TierError, agreement_costs, agreement_figures, tier_for

pytestmark = pytest.mark.django_db
MEETING = datetime.date(2024, 2, 14)
PERIOD = Period(datetime.date(2024, 2, 1), MEETING, MEETING)


@pytest.fixture
def agreement():
    budget_demo.load()
    demo.load()
    return SecurityAgreement.objects.get()


def test_the_references_costs(agreement):
    costs = agreement_costs(agreement, PERIOD)
    assert costs.server_count.count == 397
    assert costs.first_year_cost.tier.servers_up_to == 400
    assert costs.first_year_cost.monitoring == Decimal(1_464_000)
    assert [(year.year, year.total) for year in costs.years] == [
        (2024, 1_864_000),
        (2025, 1_664_000),
    ]
    assert {p.municipality.name: p.amount for p in costs.split} == {
        "Aukra": 150798,
        "Hustadvika": 367581,
        "Molde": 877944,
        "Rauma": 229458,
        "Vestnes": 238219,
    }


@pytest.mark.parametrize(("servers", "tier"), [(1, 350), (350, 350), (351, 375), (500, 500)])
def test_the_smallest_tier_that_covers(agreement, servers, tier):
    assert tier_for(list(agreement.tiers.all()), servers).servers_up_to == tier


def test_above_the_top_tier_is_an_error(agreement):
    with pytest.raises(TierError, match="501"):
        tier_for(list(agreement.tiers.all()), 501)


def test_the_proposed_decision_is_computed(agreement):
    data = case_document(PERIOD)
    assert data.context["proposal"].endswith("2024 med 1,864\xa0mill.\xa0kr.")


def test_a_new_server_count_updates_the_costs(agreement):
    ServerCount.objects.create(agreement=agreement, date=datetime.date(2024, 2, 10), count=412)
    costs = agreement_costs(agreement, PERIOD)
    assert costs.first_year_cost.tier.servers_up_to == 425
    assert costs.first_year_cost.total == 12 * 129_200 + 400_000
    assert "2024 med 1,95\xa0mill.\xa0kr." in case_document(PERIOD).context["proposal"]


def test_a_key_change_flows_into_the_split_and_the_spreadsheet(agreement):
    key = agreement_costs(agreement, PERIOD).key
    AllocationShare.objects.filter(key=key, municipality__slug="molde").update(percent="47.00")
    AllocationShare.objects.filter(key=key, municipality__slug="aukra").update(percent="8.19")
    costs = agreement_costs(agreement, PERIOD)
    molde = next(p for p in costs.split if p.municipality.slug == "molde")
    assert molde.amount == 876080  # 1 864 000 × 47,00 %
    splits = period_splits(split_period(2024))
    item = next(s for s in splits.items if s.item.source == "security_agreement")
    assert item.amount == 1_864_000
    assert item.part(molde.municipality) == 876080


def test_the_yearly_cost_is_a_cost_source_at_the_periods_date(agreement):
    as_of = datetime.date(2024, 2, 1)
    assert agreement_figures(SplitPeriod(2024, 1, as_of)).amount == 1_864_000
    assert agreement_figures(SplitPeriod(2025, 1, as_of)).amount == 1_664_000
    assert agreement_figures(SplitPeriod(2023, 12, as_of)).amount is None
    ServerCount.objects.create(agreement=agreement, date=datetime.date(2024, 6, 1), count=430)
    # the count of the period's date, not of the year's end
    assert agreement_figures(SplitPeriod(2024, 5, datetime.date(2024, 6, 1))).amount == (
        12 * 136_350 + 400_000
    )
    assert agreement_figures(SplitPeriod(2024, 1, as_of)).amount == 1_864_000


def test_what_if_each_tier_costs_each_municipality(agreement):
    data = what_if_block(PERIOD)
    rows = {row[0]: row for row in data.rows}
    assert data.columns == [
        "Servere opptil", "SOC+ per år", "Konsulenttimer", "Kostnad per år",
        "Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes",
    ]  # fmt: skip
    assert rows[400][1:4] == [12 * 122_000, 200_000, 12 * 122_000 + 200_000]
    assert rows[450][1:4] == [12 * 136_350, 200_000, 12 * 136_350 + 200_000]
    assert sum(rows[450][4:]) == rows[450][3]
    # the tier of today's count: the what-if's SOC+ is the frame's monitoring line
    costs = agreement_costs(agreement, PERIOD)
    assert rows[costs.first_year_cost.tier.servers_up_to][1] == costs.first_year_cost.monitoring


def test_the_what_ifs_key_figures_are_kroner_by_tier_and_column(agreement):
    data = what_if_block(PERIOD)
    figures = {
        f.label: f for f in get_block("security.what_if").key_figures(data.columns, data.rows)
    }
    assert len(figures) == 7 * 8  # 7 tiers × SOC+, consultants, sum and 5 municipalities
    assert {f.unit for f in figures.values()} == {"kr"}
    assert figures["400 – SOC+ per år"].value == 1_464_000
    assert figures["400 – Konsulenttimer"].value == 200_000
    assert figures["400 – Kostnad per år"].value == 1_664_000
    assert figures["400 – Molde"].value == next(r[6] for r in data.rows if r[0] == 400)


def test_the_cost_rows_are_in_the_frames_order(agreement):
    data = costs_block(PERIOD)
    year_rows = [row for row in data.rows if row[1] == 2024][:4]
    assert [row[0] for row in year_rows] == [
        "2024: etablering",
        "2024: overvåkning (SOC+), 12 × 400-nivået",
        "2024: konsulenttimer",
        "2024: sum",
    ]
    *lines, total = (row[2] for row in year_rows)
    assert lines == [200_000, 1_464_000, 200_000] and sum(lines) == total == 1_864_000
    figures = {f.label: f for f in get_block("security.costs").key_figures(data.columns, data.rows)}
    assert figures["2024: sum – Beløp"].value == 1_864_000
    assert figures["2024: sum – Beløp"].unit == "kr"
    assert figures["Molde – Andel %"].unit == "%"
    assert not [label for label in figures if label.endswith(" – År")]  # the year is no figure


def shown(cell) -> Decimal:
    """A money cell as the HTML shows it ("1 464 000 kr") read back as a number."""
    return Decimal("".join(cell.get_text().split()).removesuffix("kr").replace("−", "-"))


def test_the_blocks_csv_rows_are_their_html_tables_rows(agreement):
    what_if = run_block("security.what_if", PERIOD)
    [table] = BeautifulSoup(what_if.html, "html.parser")("table")
    html_rows = table.select("tbody tr")
    assert len(html_rows) == len(what_if.data.rows) == 7
    for tr, row in zip(html_rows, what_if.data.rows, strict=True):
        assert tr.th.get_text().split()[0] == str(row[0])
        assert [shown(td) for td in tr("td")] == row[1:]

    costs = run_block("security.costs", PERIOD)
    frames = BeautifulSoup(costs.html, "html.parser")("table")[1:3]  # after the price tiers
    for year, frame in zip((2024, 2025), frames, strict=True):
        lines = [shown(tr("td")[-1]) for tr in frame.select("tbody tr, tfoot tr")]
        # the frame leaves out an establishment of 0 kr; the CSV keeps it, in its place
        csv = [row[2] for row in costs.data.rows if row[0].startswith(f"{year}: ")]
        assert lines == [amount for amount in csv if amount], year


def test_a_tiers_year_is_twelve_months_of_its_price(agreement):
    tier = agreement.tiers.get(servers_up_to=350)
    assert tier.yearly_price == 12 * 107_450 == 1_289_400


def test_without_a_cost_item_there_is_no_split_and_no_fallback_key(agreement):
    from budget.models import CostItem

    CostItem.objects.filter(source="security_agreement").delete()
    costs = agreement_costs(agreement, PERIOD)
    assert costs.first_year_cost.total == 1_864_000
    assert (costs.split, costs.key, costs.what_if()[0][2]) == ([], None, [])


def test_the_block_and_the_workbook_reckon_with_the_server_count_of_the_same_day(agreement):
    from budget.periods import report_split_period
    from budget.splits import period_splits

    ServerCount.objects.create(agreement=agreement, date=datetime.date(2024, 6, 1), count=430)
    costs = agreement_costs(agreement, PERIOD)
    assert costs.first_year_cost.total == 1_864_000  # 397 servers on 01.02.2024, not 430 at 31.12
    splits = period_splits(report_split_period(PERIOD, 2024))
    [item] = splits.items
    assert (item.amount, item.parts) == (costs.first_year_cost.total, costs.split)
    assert "397 servere per 01.02.2024" in item.basis


def test_a_report_shows_next_years_agreement_while_this_years_costs_are_the_agreement_in_force(
    agreement,
):
    # 2024: the old comparisons disagree. first_year ≤ 2024 + 1 (what a report shows)
    # picks the 2025 agreement proposed in the autumn; first_year ≤ 2024 (whose costs
    # fall in 2024) keeps the 2024 one.
    proposed = SecurityAgreement.objects.create(
        vendor="Atea",
        service="SOC+ 2025",
        first_year=2025,
        establishment_cost=0,
        consultants_per_year=100_000,
    )
    PriceTier.objects.create(agreement=proposed, servers_up_to=500, monthly_price=100_000)
    autumn = datetime.date(2024, 10, 1)
    assert SecurityAgreement.objects.in_force(2024) == agreement
    assert SecurityAgreement.objects.in_force(2025) == proposed
    assert SecurityAgreement.objects.in_force(2023) is None
    assert SecurityAgreement.objects.shown_at(autumn) == proposed
    assert SecurityAgreement.objects.shown_at(datetime.date(2023, 2, 1)) == agreement
    # the cost source of 2024 is the agreement in force: its 2024 cost, not the proposal's
    assert agreement_figures(SplitPeriod(2024, 9, autumn)).amount == 1_864_000
    # the case document of the autumn's report proposes the 2025 agreement
    assert (
        case_document(Period(datetime.date(2024, 9, 1), autumn, autumn)).context["agreement"]
        == proposed
    )
