import datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest

from budget.models import BudgetLine, CostItem, MonthlyActual
from ror_portal.roles import Role
from tests.budget.publishing import publish_accounts
from tests.factories import KEY_2024, allocation_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def items_2024():
    key = allocation_key(2024, KEY_2024)
    CostItem.objects.create(year=2024, name="SOC+ sikkerhetspartner", key=key, amount=1_864_000)
    CostItem.objects.create(year=2024, name="=cmd|' /C calc'!A0", key=key, amount=100)
    return key


@pytest.fixture
def accounts_2024(items_2024):
    """An operating and an investment deviation of January–February 2024."""
    for kind, budget, actuals in (
        ("operating", 1_200_000, (103_001, 110_000)),
        ("investment", 600_000, (40_000, 45_000)),
    ):
        line = BudgetLine.objects.create(year=2024, kind=kind, name=kind, annual_budget=budget)
        for month, amount in enumerate(actuals, 1):
            MonthlyActual.objects.create(line=line, month=month, amount=amount)
        CostItem.objects.create(
            year=2024, name=f"Avvik {kind}", key=items_2024, source=f"{kind}_deviation"
        )
    return items_2024


def footer(html: str, number: int = 0) -> str:
    return html.split("<tfoot")[number + 1].split("</tfoot>")[0]


def test_the_finance_page_lists_items_and_their_split(client_for, items_2024):
    publish_accounts(2024, 12)
    html = client_for(Role.FINANCE).get("/okonomi/").content.decode()
    assert "SOC+ sikkerhetspartner" in html
    assert "877\xa0944\xa0kr" in html and "150\xa0798\xa0kr" in html
    assert 'href="/okonomi/kostnadsfordeling-2024.xlsx?til=12"' in html
    assert 'href="/okonomi/kostnadsfordeling-2024-molde.xlsx?til=12"' in html
    assert "=cmd|&#x27; /C calc&#x27;!A0" in html
    assert "Sum" in footer(html)
    assert "877\xa0991\xa0kr" in footer(html)  # 877 944 + Molde's 47 of the 100 kr item
    assert "1\xa0864\xa0100\xa0kr" in footer(html)
    assert 'role="region"' in html and 'tabindex="0"' in html  # the table scrolls alone


def test_operating_and_investment_are_summed_apart(client_for, accounts_2024):
    publish_accounts(2024, 2)
    html = client_for(Role.FINANCE).get("/okonomi/?ar=2024&til=2").content.decode()
    assert "Kostnadsposter 2024: januar–februar 2024" in html
    # operating to date: 13 001 (213 001 against 200 000); for the whole year: the typed
    # 1 864 000 + 100; investment to date: −15 000. Each summed apart.
    assert "Sum drift hittil i år (januar–februar 2024)" in footer(html, 0)
    assert "13\xa0001\xa0kr" in footer(html, 0)
    assert "Sum drift for hele 2024" in footer(html, 1)
    assert "1\xa0864\xa0100\xa0kr" in footer(html, 1)
    assert "\u221215\xa0000\xa0kr" in footer(html, 2)
    assert "1\xa0862\xa0101\xa0kr" not in html  # operating and investment added together


def test_no_sum_adds_an_amount_to_date_to_an_amount_of_the_whole_year(client_for, accounts_2024):
    """The page's «Drift» summed January's deviation to date with SOC+'s cost of the
    year (1 864 000 + 70 278 = 1 934 278 in the demo): two periods, so two sums."""
    publish_accounts(2024, 1)
    html = client_for(Role.FINANCE).get("/okonomi/?ar=2024&til=1").content.decode()
    # January: 103 001 against a budget to date of 100 000
    assert "<caption>Drift hittil i år (januar 2024)</caption>" in html
    assert "<caption>Drift for hele 2024</caption>" in html
    assert "3\xa0001\xa0kr" in footer(html, 0)
    assert "1\xa0864\xa0100\xa0kr" in footer(html, 1)
    assert "1\xa0867\xa0101\xa0kr" not in html  # 1 864 100 + 3 001


def test_the_period_is_picked_and_defaults_to_the_latest_published_report(
    client_for, accounts_2024
):
    client = client_for(Role.FINANCE)
    publish_accounts(2024, 1)
    january = client.get("/okonomi/?ar=2024&til=1").content.decode()
    assert "januar 2024" in january and "3\xa0001\xa0kr" in january  # 103 001 − 100 000
    publish_accounts(2024, 2, as_of=datetime.date(2024, 4, 2))  # the March report
    html = client.get("/okonomi/").content.decode()
    assert '<option value="2" selected>februar</option>' in html
    assert "02.04.2024" in html  # the report's tall per
    assert client.get("/okonomi/?til=13").status_code == 404
    assert client.get("/okonomi/?ar=x").status_code == 404


def test_an_amount_links_to_how_it_was_computed(client_for, items_2024):
    publish_accounts(2024, 2)
    client = client_for(Role.FINANCE)
    html = client.get("/okonomi/?ar=2024&til=2").content.decode()
    item = CostItem.objects.get(name="SOC+ sikkerhetspartner")
    url = f"/okonomi/2024/post-{item.pk}/molde/?til=2"
    assert f'href="{url}"' in html
    details = client.get(url).content.decode()
    assert "1\xa0864\xa0000\xa0kr × 47,10\xa0% = 877\xa0944,00\xa0kr" in details
    assert "Avrundingsjustering" in details
    aukra = client.get(f"/okonomi/2024/post-{item.pk}/aukra/?til=2").content.decode()
    # exact, and what rounding added
    assert "150\xa0797,60\xa0kr" in aukra and "0,40\xa0kr" in aukra
    assert client.get(f"/okonomi/2024/post-{item.pk}/oslo/").status_code == 404
    assert client.get("/okonomi/2024/post-999999/molde/").status_code == 404
    assert client_for(Role.BOARD_MEMBER).get(url).status_code == 403


def test_the_details_of_a_deviation_show_its_months(client_for, accounts_2024):
    publish_accounts(2024, 2)
    item = CostItem.objects.get(name="Avvik operating")
    url = f"/okonomi/2024/post-{item.pk}/molde/?til=2"
    html = client_for(Role.FINANCE).get(url).content.decode()
    assert "Måned for måned" in html
    assert "103\xa0001,00\xa0kr" in html and "10\xa0000,00\xa0kr" in html
    # Molde: 47,10 % of 13 001 is 6 123,47; the three kroner left go to larger remainders
    assert "6\xa0123,47\xa0kr" in html and "6\xa0123\xa0kr" in html


def test_the_table_sorts_by_a_municipality(client_for, items_2024):
    publish_accounts(2024, 12)
    html = client_for(Role.FINANCE).get("/okonomi/?operating-sortering=molde").content.decode()
    assert html.index("=cmd|") < html.index("SOC+ sikkerhetspartner")
    html = client_for(Role.FINANCE).get("/okonomi/?operating-sortering=-molde").content.decode()
    assert html.index("SOC+ sikkerhetspartner") < html.index("=cmd|")


def test_a_board_member_may_not_open_finance(client_for, items_2024):
    client = client_for(Role.BOARD_MEMBER)
    assert client.get("/okonomi/").status_code == 403
    assert client.get("/okonomi/kostnadsfordeling-2024.xlsx").status_code == 403


def test_the_workbook_download_is_of_the_period_asked_for(client_for, accounts_2024):
    publish_accounts(2024, 2)
    response = client_for(Role.FINANCE).get("/okonomi/kostnadsfordeling-2024.xlsx?til=2")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="kostnadsfordeling-2024.xlsx"'
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    assert len(workbook.sheetnames) == 5 + 5
    assert "januar–februar 2024" in workbook.worksheets[0]["A1"].value


def test_a_municipality_workbook_download(client_for, items_2024):
    publish_accounts(2024, 12)
    response = client_for(Role.ADMINISTRATOR).get("/okonomi/kostnadsfordeling-2024-molde.xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="kostnadsfordeling-2024-molde.xlsx"'
    )
    assert (
        client_for(Role.FINANCE).get("/okonomi/kostnadsfordeling-2024-oslo.xlsx").status_code == 404
    )
    assert client_for(Role.FINANCE).get("/okonomi/kostnadsfordeling-2031.xlsx").status_code == 404


@pytest.mark.parametrize("more", [0, 60])
def test_the_finance_pages_queries_do_not_grow_with_items_or_months(
    client_for, accounts_2024, django_assert_max_num_queries, more
):
    publish_accounts(2024, 12)
    client = client_for(Role.FINANCE)
    client.get("/")  # the session's renewal happens on the first request, not counted
    lines = list(BudgetLine.objects.all())
    for month in range(3, 13):
        for line in lines:
            MonthlyActual.objects.create(line=line, month=month, amount=Decimal(month))
    for number in range(more):
        CostItem.objects.create(
            year=2024, name=f"Post {number}", key=accounts_2024, amount=Decimal(number * 1000)
        )
    # session, user, published periods, items, keys, shares, members, and the two
    # deviations' three queries each (a published period's date needs no report)
    with django_assert_max_num_queries(15):
        assert client.get("/okonomi/?ar=2024&til=12").status_code == 200


def test_an_empty_year_says_so(client_for):
    html = client_for(Role.ADMINISTRATOR).get("/okonomi/").content.decode()
    assert "Det finnes ingen kostnadsposter for dette året." in html
    # finance sees published periods only, and none is published
    html = client_for(Role.FINANCE).get("/okonomi/").content.decode()
    assert "Ingen månedsrapport er publisert ennå" in html
    publish_accounts(2024, 1)
    html = client_for(Role.FINANCE).get("/okonomi/").content.decode()
    assert "Det finnes ingen kostnadsposter for dette året." in html


def test_a_deviation_without_the_months_accounts_is_not_split_yet(client_for, accounts_2024):
    publish_accounts(2024, 5)
    html = client_for(Role.FINANCE).get("/okonomi/?ar=2024&til=5").content.decode()
    assert "kan ikke fordeles ennå" in html and "Avvik operating" in html


def test_the_finance_pages_are_valid_html(client_for, accounts_2024):
    from tests.html_validator import html_errors

    publish_accounts(2024, 2)
    client, admin = client_for(Role.FINANCE), client_for(Role.ADMINISTRATOR)
    item = CostItem.objects.get(name="Avvik operating")
    pages = {
        url: client.get(url).content.decode()
        for url in ("/okonomi/?ar=2024&til=2", f"/okonomi/2024/post-{item.pk}/molde/?til=2")
    }
    # an administrator's live period, marked as not published
    for url in ("/okonomi/?ar=2024&til=1", f"/okonomi/2024/post-{item.pk}/molde/?til=1"):
        pages[f"{url} (live)"] = admin.get(url).content.decode()
        assert "Ikke publisert" in pages[f"{url} (live)"]
    assert html_errors(pages) == []


def test_the_demos_january_2024_drift_is_two_sums_not_1_934_278(client_for):
    """The demo's figures: SOC+ costs 1 864 000 kr for 2024 (a yearly amount from the
    security agreement); January 2024's operating deviation to date is 70 278 kr."""
    from budget import demo as budget_demo
    from security import demo as security_demo

    budget_demo.load()
    security_demo.load()
    line = BudgetLine.objects.create(
        year=2024, kind="operating", name="Lønn", annual_budget=1_200_000
    )
    MonthlyActual.objects.create(line=line, month=1, amount=170_278)  # budget: 100 000
    key = CostItem.objects.get(year=2024, source="security_agreement").key
    CostItem.objects.create(
        year=2024, name="Merforbruk drift 2024", key=key, source="operating_deviation"
    )
    publish_accounts(2024, 1)
    html = client_for(Role.FINANCE).get("/okonomi/?ar=2024&til=1").content.decode()
    assert "Sum drift hittil i år (januar 2024)" in footer(html, 0)
    assert "70\xa0278\xa0kr" in footer(html, 0)
    assert "Sum drift for hele 2024" in footer(html, 1)
    assert "1\xa0864\xa0000\xa0kr" in footer(html, 1)
    assert "1\xa0934\xa0278" not in html
