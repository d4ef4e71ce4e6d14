from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import CostItem
from ror_portal.roles import Role
from tests.factories import KEY_2024, allocation_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def items_2024():
    key = allocation_key(2024, KEY_2024)
    CostItem.objects.create(year=2024, name="SOC+ sikkerhetspartner", key=key, amount=1_864_000)
    CostItem.objects.create(year=2024, name="=cmd|' /C calc'!A0", key=key, amount=100)
    return key


def test_the_finance_page_lists_items_and_their_split(client_for, items_2024):
    html = client_for(Role.FINANCE).get("/okonomi/").content.decode()
    assert "SOC+ sikkerhetspartner" in html
    assert "877\xa0944\xa0kr" in html and "150\xa0798\xa0kr" in html
    assert 'href="/okonomi/kostnadsfordeling-2024.xlsx"' in html
    assert 'href="/okonomi/kostnadsfordeling-2024-molde.xlsx"' in html
    assert "=cmd|&#x27; /C calc&#x27;!A0" in html
    footer = html.split("<tfoot")[1].split("</tfoot>")[0]
    assert "Sum" in footer
    assert "877\xa0991\xa0kr" in footer  # 877 944 + Molde's 47 of the 100 kr item
    assert "1\xa0864\xa0100\xa0kr" in footer


def test_the_table_sorts_by_a_municipality(client_for, items_2024):
    html = client_for(Role.FINANCE).get("/okonomi/?sortering=molde").content.decode()
    assert html.index("=cmd|") < html.index("SOC+ sikkerhetspartner")
    html = client_for(Role.FINANCE).get("/okonomi/?sortering=-molde").content.decode()
    assert html.index("SOC+ sikkerhetspartner") < html.index("=cmd|")


def test_a_board_member_may_not_open_finance(client_for, items_2024):
    client = client_for(Role.BOARD_MEMBER)
    assert client.get("/okonomi/").status_code == 403
    assert client.get("/okonomi/kostnadsfordeling-2024.xlsx").status_code == 403


def test_the_workbook_download(client_for, items_2024):
    response = client_for(Role.FINANCE).get("/okonomi/kostnadsfordeling-2024.xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="kostnadsfordeling-2024.xlsx"'
    from io import BytesIO

    workbook = openpyxl.load_workbook(BytesIO(response.content))
    assert len(workbook.sheetnames) == 2 + 5


def test_a_municipality_workbook_download(client_for, items_2024):
    response = client_for(Role.ADMINISTRATOR).get("/okonomi/kostnadsfordeling-2024-molde.xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="kostnadsfordeling-2024-molde.xlsx"'
    )
    assert (
        client_for(Role.FINANCE).get("/okonomi/kostnadsfordeling-2024-oslo.xlsx").status_code == 404
    )
    assert client_for(Role.FINANCE).get("/okonomi/kostnadsfordeling-2031.xlsx").status_code == 404


def test_the_finance_page_queries_do_not_grow_with_the_items(client_for, items_2024):
    client = client_for(Role.FINANCE)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/okonomi/").status_code == 200
        return len(captured)

    client.get("/")  # the session's renewal happens on the first request, not counted
    few = queries()
    for number in range(60):
        CostItem.objects.create(
            year=2024, name=f"Post {number}", key=items_2024, amount=Decimal(number * 1000)
        )
    assert queries() == few


def test_an_empty_year_says_so(client_for):
    html = client_for(Role.FINANCE).get("/okonomi/").content.decode()
    assert "Det finnes ingen kostnadsposter for dette året." in html


def test_the_page_says_which_months_of_accounts_a_computed_amount_rests_on(client_for, items_2024):
    from budget.models import BudgetLine, MonthlyActual

    line = BudgetLine.objects.create(year=2024, kind="operating", name="Drift", annual_budget=100)
    MonthlyActual.objects.create(line=line, month=1, amount=Decimal(40))
    html = client_for(Role.FINANCE).get("/okonomi/").content.decode()
    assert "Beløp beregnet fra regnskapet" not in html
    CostItem.objects.create(year=2024, name="Avvik", key=items_2024, source="operating_deviation")
    html = client_for(Role.FINANCE).get("/okonomi/").content.decode()
    assert "Beløp beregnet fra regnskapet: Regnskap per januar 2024." in html
