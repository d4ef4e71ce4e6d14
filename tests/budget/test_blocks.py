import datetime
from decimal import Decimal

import pytest

from budget import demo
from budget.blocks import investment_result, operating_result
from budget.periods import split_period
from budget.splits import period_splits
from ror_portal.blocks import Period

pytestmark = pytest.mark.django_db
JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)


@pytest.fixture
def demo_budget():
    demo.load()


def test_the_january_2024_report_shows_the_2023_overspend_of_the_reference(demo_budget):
    data = operating_result(JANUARY_2024)
    result = data.context["result"]
    assert (result.year, result.through_month) == (2023, 12)
    assert result.total.deviation == Decimal("1938000")
    assert result.total.deviation_percent == Decimal("1.68")
    assert result.is_overspend
    assert sum(part.amount for part in result.split) == Decimal("1938000")
    assert [part.municipality.name for part in result.split] == [
        "Aukra",
        "Hustadvika",
        "Molde",
        "Rauma",
        "Vestnes",
    ]
    total_row = next(row for row in data.rows if row[0] == "Sum")
    assert total_row[1:] == [
        Decimal("115400000"),
        Decimal("117338000"),
        Decimal("1938000"),
        Decimal("1.68"),
    ]
    assert data.sources == {"budget.allocation_key": [result.key.pk]}


def test_the_investment_underspend_of_the_reference(demo_budget):
    result = investment_result(JANUARY_2024).context["result"]
    assert result.total.deviation == Decimal("-3380000")
    assert not result.is_overspend
    assert sum(part.amount for part in result.split) == Decimal("-3380000")
    assert {line.name for line in result.lines} >= {
        "Zero-trust nettverk",
        "Grunnmur del 3 – infrastruktur for datarommene",
    }


def test_the_block_html_says_merforbruk_in_norwegian(demo_budget):
    from django.template.loader import render_to_string

    data = operating_result(JANUARY_2024)
    html = render_to_string("budget/blocks/accounts_result.html", data.context)
    assert "Merforbruk på 1,938\xa0mill.\xa0kr, 1,68\xa0% over budsjett." in html
    assert "Merforbruket fordelt på kommunene (Fordelingsnøkkel 2023)" in html
    assert "Driftsregnskap" in html and "2023" in html
    html = render_to_string(
        "budget/blocks/accounts_result.html", investment_result(JANUARY_2024).context
    )
    # the word says it is under budget; the amount has no minus (as the reference writes it)
    assert "Mindreforbruk på 3,38\xa0mill.\xa0kr." in html
    assert "på \u2212" not in html


def test_the_finance_spreadsheet_uses_the_same_split_as_the_report(demo_budget):
    report_split = operating_result(JANUARY_2024).context["result"].split
    splits = period_splits(split_period(2023))
    item = next(s for s in splits.items if s.item.source == "operating_deviation")
    assert report_split == item.parts


def test_a_month_inside_the_year_shows_year_to_date(demo_budget):
    april = Period(datetime.date(2023, 4, 1), datetime.date(2023, 5, 1), datetime.date(2023, 5, 10))
    result = operating_result(april).context["result"]
    assert result.through_month == 3 and not result.is_full_year
    assert result.total.budget == Decimal("115400000") * 3 / 12


def test_the_demo_loads_twice_without_duplicating(demo_budget):
    from budget.models import AllocationShare, BudgetLine, CostItem, MonthlyActual

    counts = [m.objects.count() for m in (BudgetLine, MonthlyActual, AllocationShare, CostItem)]
    demo.load()
    assert [m.objects.count() for m in (BudgetLine, MonthlyActual, AllocationShare, CostItem)] == (
        counts
    )
    assert counts == [14, 14 * 12, 10, 2]


def test_the_january_report_labels_its_figures_as_the_whole_previous_year(demo_budget):
    from django.template.loader import render_to_string

    from ror_portal.blocks import FiguresPeriod

    data = operating_result(JANUARY_2024)
    assert data.period == FiguresPeriod(2023, 1, 12)
    html = render_to_string("budget/blocks/accounts_result.html", data.context)
    caption = html[html.index("<caption>") : html.index("</caption>")]
    assert "Driftsregnskap:" in caption and "Regnskap 2023" in caption
    assert "Hittil i år" not in caption


def test_a_report_inside_the_year_labels_its_figures_year_to_date(demo_budget):
    from django.template.loader import render_to_string

    from ror_portal.blocks import FiguresPeriod

    march = Period(datetime.date(2023, 3, 1), datetime.date(2023, 4, 1), datetime.date(2023, 4, 12))
    for block in (operating_result, investment_result):
        data = block(march)
        assert data.period == FiguresPeriod(2023, 1, 2)
        html = render_to_string("budget/blocks/accounts_result.html", data.context)
        caption = " ".join(html[html.index("<caption>") : html.index("</caption>")].split())
        assert "Regnskap per februar 2023. Hittil i år: januar–februar 2023" in caption


def test_accounts_whose_last_month_is_not_entered_show_no_figures_but_say_so(demo_budget):
    """A January draft before December's actuals are in would set the whole year's
    budget against eleven months of accounts (an underspend of millions that is not)."""
    from django.template.loader import render_to_string

    from budget.models import MonthlyActual

    MonthlyActual.objects.filter(line__year=2023, line__kind="operating", month=12).delete()
    data = operating_result(JANUARY_2024)
    result = data.context["result"]
    assert not result.entered and result.lines == [] and result.split == []
    assert data.rows == []
    html = render_to_string("budget/blocks/accounts_result.html", data.context)
    assert (
        "Regnskapstallene for desember 2023 er ikke registrert ennå. "
        "Regnskapet for 2023 vises her når de er registrert."
    ) in html
    assert "<table" not in html and "Mindreforbruk" not in html
    # the investments' December is in: their block is whole
    assert investment_result(JANUARY_2024).context["result"].total.deviation == Decimal("-3380000")

    # one operating line's December entered: the block shows the accounts again (and the
    # checklist says how many lines are still missing)
    november = MonthlyActual.objects.filter(line__year=2023, line__kind="operating", month=11)
    MonthlyActual.objects.create(line=november.first().line, month=12, amount=0)
    assert operating_result(JANUARY_2024).context["result"].entered


def test_the_february_report_writes_millions_by_the_one_rule():
    """«0,070 mill. kr» for operating and «0,01 mill. kr» for investment: one rule now."""
    from django.template.loader import render_to_string

    from budget.models import BudgetLine, MonthlyActual

    february = Period(
        datetime.date(2024, 2, 1), datetime.date(2024, 3, 1), datetime.date(2024, 3, 13)
    )
    for kind, budget, actual in (("operating", 1_200_000, 170_278), ("investment", 0, 10_000)):
        line = BudgetLine.objects.create(year=2024, kind=kind, name=kind, annual_budget=budget)
        MonthlyActual.objects.create(line=line, month=1, amount=actual)
    html = render_to_string(
        "budget/blocks/accounts_result.html", operating_result(february).context
    )
    assert "Merforbruk på 0,07\xa0mill.\xa0kr" in html
    html = render_to_string(
        "budget/blocks/accounts_result.html", investment_result(february).context
    )
    assert "Merforbruk på 0,01\xa0mill.\xa0kr" in html
