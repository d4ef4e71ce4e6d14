"""Finance sees what the board was given (issue 26, finding 2): the cost splits of the
periods of published monthly reports, each as of its report's *tall per*, through the
finance URLs. Administrators see the live period, marked «Ikke publisert».

The demo's figures: the January 2024 report (published) shows the accounts of 2023,
with Molde's part of the operating overspend 914 930 kr; the SOC+ agreement costs
1 864 000 kr for 2024 with 397 servers on 01.02.2024. A draft month then adds January
2024's actuals and 480 servers, which makes SOC+ 2 200 000 kr (the 500 tier:
12 × 150 000 + 200 000 + 200 000).
"""

import datetime
from io import BytesIO

import openpyxl
import pytest

from budget import demo as budget_demo
from budget.models import BudgetLine, CostItem, MonthlyActual
from reports.publishing import report_publish
from ror_portal.roles import Role
from security import demo as security_demo
from security.models import SecurityAgreement, ServerCount
from tests.factories import BoardMeetingFactory, MonthlyReportFactory, SectionFactory

pytestmark = pytest.mark.django_db
NBSP = "\xa0"
SOC = "Sikkerhetspartner SOC+ (Atea)"
PUBLISHED_SOC, DRAFT_SOC = "1\xa0864\xa0000\xa0kr", "2\xa0200\xa0000\xa0kr"
MOLDE_2023_OVERSPEND = "914\xa0930\xa0kr"
# January 2024: 170 278 against a budget to date of 100 000
JANUARY_DEVIATION = "70\xa0278\xa0kr"
JANUARY_ACTUALS = "Regnskap 170\xa0278,00\xa0kr minus budsjett 100\xa0000,00\xa0kr, januar 2024"
# January–February 2024: 220 278 against 200 000
FEBRUARY_DEVIATION = "20\xa0278\xa0kr"


def with_sections(report):
    for block in ("budget.operating_result", "security.costs"):
        SectionFactory(report=report, title=block, block=block)
    return report


def publish(report, administrator) -> None:
    """Published as an administrator does: publishing records the report's period."""
    if not report.sections.exists():
        with_sections(report)
    report_publish(report=report, user=administrator, notify=False)


@pytest.fixture
def january_published(administrator):
    """The January 2024 report published (the accounts of 2023, figures as of
    01.02.2024); the February report a draft (as of 01.03.2024), with January's
    actuals entered and 480 servers counted on 20.02.2024."""
    budget_demo.load()
    security_demo.load()
    publish(MonthlyReportFactory(), administrator)
    with_sections(
        MonthlyReportFactory(
            meeting=BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13)),
            month=datetime.date(2024, 2, 1),
            as_of=datetime.date(2024, 3, 1),
        )
    )
    line = BudgetLine.objects.create(
        year=2024, kind="operating", name="Lønn", annual_budget=1_200_000
    )
    MonthlyActual.objects.create(line=line, month=1, amount=170_278)
    soc = CostItem.objects.get(year=2024, source="security_agreement")
    CostItem.objects.create(
        year=2024, name="Merforbruk drift 2024", key=soc.key, source="operating_deviation"
    )
    ServerCount.objects.create(
        agreement=SecurityAgreement.objects.get(),
        date=datetime.date(2024, 2, 20),
        count=480,
    )
    return soc


@pytest.fixture
def february_published(january_published, administrator):
    """Then the February report published (January 2024's accounts, as of 01.03.2024),
    before the 480 servers were counted; the March report a draft (as of 01.04.2024)
    with February's actuals."""
    from reports.models import MonthlyReport

    ServerCount.objects.filter(count=480).update(date=datetime.date(2024, 3, 20))
    publish(MonthlyReport.objects.get(month=datetime.date(2024, 2, 1)), administrator)
    MonthlyReportFactory(
        meeting=BoardMeetingFactory(number="2024/M3", date=datetime.date(2024, 4, 10)),
        month=datetime.date(2024, 3, 1),
        as_of=datetime.date(2024, 4, 1),
    )
    MonthlyActual.objects.create(line=BudgetLine.objects.get(year=2024), month=2, amount=50_000)
    return january_published


def workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(response.content))


def calculation(book, name: str) -> tuple[str, int]:
    """An item's basis and *Sum til fordeling* on the sheet *Beregning*."""
    ws = book["Beregning"]
    (row,) = [cell.row for cell in ws["A"] if str(cell.value).startswith(f"{name} (")]
    return ws.cell(row, 2).value, ws.cell(row + 1, 4).value


def member_row(ws, name: str) -> tuple[int, int]:
    """The item's total and the municipality's part on a municipality's sheet."""
    (row,) = [cell.row for cell in ws["A"] if cell.value == name]
    return ws.cell(row, 3).value, ws.cell(row, 6).value


# --- January published, February a draft: 2024 is in no published report ---------------


def test_finance_asking_for_a_draft_months_accounts_gets_the_latest_published_period(
    client_for, january_published
):
    finance = client_for(Role.FINANCE)
    response = finance.get("/okonomi/?ar=2024&til=1")
    assert response.status_code == 302
    assert response["Location"] == "/okonomi/?ar=2023&til=12"
    html = finance.get(response["Location"]).content.decode()
    assert "Kostnadsposter 2023: januar–desember 2023" in html
    assert "01.02.2024" in html  # the January report's tall per
    assert MOLDE_2023_OVERSPEND in html
    for draft in (JANUARY_DEVIATION, "170\xa0278", DRAFT_SOC, "Ikke publisert"):
        assert draft not in html
    # an earlier month of the published year: the nearest published period
    assert finance.get("/okonomi/?ar=2023&til=1")["Location"] == "/okonomi/?ar=2023&til=12"
    # only the published period is offered
    assert '<option value="2024"' not in html
    assert '<option value="12" selected>desember</option>' in html
    assert '<option value="1"' not in html

    # control: the same request as administrator reaches the live figures, marked
    admin = client_for(Role.ADMINISTRATOR).get("/okonomi/?ar=2024&til=1")
    assert admin.status_code == 200
    live = admin.content.decode()
    assert "Ikke publisert" in live and "rapporten for februar 2024" in live
    assert JANUARY_DEVIATION in live and DRAFT_SOC in live
    assert "Kostnadsposter 2024: januar 2024" in live


def test_a_year_with_no_published_report_is_404_for_finance(client_for, january_published):
    finance = client_for(Role.FINANCE)
    soc = january_published
    for url in (
        f"/okonomi/2024/post-{soc.pk}/molde/?til=1",
        "/okonomi/kostnadsfordeling-2024.xlsx?til=1",
        "/okonomi/kostnadsfordeling-2024-molde.xlsx?til=1",
        "/okonomi/kostnadsfordeling-2024.xlsx",
        "/okonomi/?ar=2022",  # before the published year, with none of its own
    ):
        assert finance.get(url).status_code == 404, url
    # control: the published year is there
    assert finance.get("/okonomi/?ar=2023").status_code == 200
    assert finance.get("/okonomi/kostnadsfordeling-2023.xlsx").status_code == 200


def test_an_administrator_sees_the_draft_months_part_and_workbook_marked(
    client_for, january_published
):
    admin = client_for(Role.ADMINISTRATOR)
    soc = january_published
    html = admin.get(f"/okonomi/2024/post-{soc.pk}/molde/?til=1").content.decode()
    assert "Ikke publisert" in html
    assert DRAFT_SOC in html and "480 servere per 20.02.2024" in html
    assert "tall per 01.03.2024" in html  # the draft's
    response = admin.get("/okonomi/kostnadsfordeling-2024.xlsx?til=1")
    assert response["Content-Disposition"] == (
        'attachment; filename="kostnadsfordeling-2024-ikke-publisert.xlsx"'
    )
    book = workbook(response)
    assert book["Oversikt"]["A1"].value == (
        "Kostnadsfordeling 2024 – januar 2024 (tall per 01.03.2024) – Ikke publisert"
    )
    assert all(ws["A1"].value.endswith("Ikke publisert") for ws in book.worksheets)
    basis, total = calculation(book, SOC)
    assert total == 2_200_000 and "480 servere per 20.02.2024" in basis
    molde = admin.get("/okonomi/kostnadsfordeling-2024-molde.xlsx?til=1")
    assert molde["Content-Disposition"] == (
        'attachment; filename="kostnadsfordeling-2024-molde-ikke-publisert.xlsx"'
    )
    assert workbook(molde).worksheets[0]["A1"].value.endswith("Molde – Ikke publisert")


# --- February published, March a draft ---------------------------------------------------


def test_finance_gets_january_at_the_february_reports_date_not_the_draft(
    client_for, february_published
):
    finance = client_for(Role.FINANCE)
    response = finance.get("/okonomi/?ar=2024&til=2&operating-sortering=molde")
    assert response.status_code == 302
    assert response["Location"] == "/okonomi/?ar=2024&til=1&operating-sortering=molde"
    html = finance.get(response["Location"]).content.decode()
    assert "Kostnadsposter 2024: januar 2024" in html
    assert "01.03.2024" in html  # the February report's tall per
    assert JANUARY_DEVIATION in html and PUBLISHED_SOC in html
    for draft in (FEBRUARY_DEVIATION, DRAFT_SOC, "januar–februar 2024", "Ikke publisert"):
        assert draft not in html
    # a later year: the latest published period
    assert finance.get("/okonomi/?ar=2031")["Location"] == "/okonomi/?ar=2024&til=1"

    # control: the administrator's February is live and marked
    live = client_for(Role.ADMINISTRATOR).get("/okonomi/?ar=2024&til=2").content.decode()
    assert "Ikke publisert" in live and "rapporten for mars 2024" in live
    assert FEBRUARY_DEVIATION in live and DRAFT_SOC in live
    # and the published January is the finance's figures, not marked
    published = client_for(Role.ADMINISTRATOR).get("/okonomi/?ar=2024&til=1").content.decode()
    assert "Ikke publisert" not in published and PUBLISHED_SOC in published


def test_finance_reads_the_published_soc_cost_on_its_part_page(client_for, february_published):
    finance = client_for(Role.FINANCE)
    soc = february_published
    url = f"/okonomi/2024/post-{soc.pk}/molde/"
    response = finance.get(f"{url}?til=2")
    assert response["Location"] == f"{url}?til=1"
    html = finance.get(response["Location"]).content.decode()
    assert "397 servere per 01.02.2024" in html
    assert "tall per 01.03.2024" in html  # the February report's
    assert PUBLISHED_SOC in html and "877\xa0944\xa0kr" in html  # Molde: 47,10 %
    assert DRAFT_SOC not in html and "480 servere" not in html
    assert "Ikke publisert" not in html

    # control: the administrator reaches the draft's server count
    live = client_for(Role.ADMINISTRATOR).get(f"{url}?til=2").content.decode()
    assert "480 servere per 20.03.2024" in live and "Ikke publisert" in live


def test_finance_downloads_the_published_period_in_the_workbooks(client_for, february_published):
    finance = client_for(Role.FINANCE)
    response = finance.get("/okonomi/kostnadsfordeling-2024.xlsx?til=2")
    assert response["Location"] == "/okonomi/kostnadsfordeling-2024.xlsx?til=1"
    response = finance.get(response["Location"])
    assert response["Content-Disposition"] == 'attachment; filename="kostnadsfordeling-2024.xlsx"'
    book = workbook(response)
    assert book["Oversikt"]["A1"].value == (
        "Kostnadsfordeling 2024 – januar 2024 (tall per 01.03.2024)"
    )
    basis, total = calculation(book, SOC)
    assert total == 1_864_000 and "397 servere per 01.02.2024" in basis
    assert calculation(book, "Merforbruk drift 2024")[1] == 70_278
    molde = finance.get("/okonomi/kostnadsfordeling-2024-molde.xlsx?til=2")
    assert molde["Location"] == "/okonomi/kostnadsfordeling-2024-molde.xlsx?til=1"
    sheet = workbook(finance.get(molde["Location"])).worksheets[0]
    assert not sheet["A1"].value.endswith("Ikke publisert")
    assert member_row(sheet, SOC) == (1_864_000, 877_944)

    # control: the administrator's February workbook holds the draft's figures
    admin = client_for(Role.ADMINISTRATOR)
    live = workbook(admin.get("/okonomi/kostnadsfordeling-2024.xlsx?til=2"))
    assert calculation(live, SOC)[1] == 2_200_000
    assert calculation(live, "Merforbruk drift 2024")[1] == 20_278
