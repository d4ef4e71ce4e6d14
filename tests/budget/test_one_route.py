"""One split, one route: what a published report's blocks and the case document show
each municipality is, to the krone, what finance's workbook of the same year and
period says; and the finance page opens on that report's period."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest

from budget import demo as budget_demo
from budget.cost_sources import SplitPeriod
from budget.periods import latest_published_period, report_split_period
from budget.splits import period_splits
from budget.spreadsheets import year_workbook
from reports.publishing import case_document_publish, report_publish
from ror_portal.formatting import format_money
from ror_portal.roles import Role
from security import demo as security_demo
from tests.factories import CaseFactory, MonthlyReportFactory, SectionFactory

pytestmark = pytest.mark.django_db
MEMBERS = ["Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"]


@pytest.fixture
def published(administrator):
    budget_demo.load()
    security_demo.load()
    report = MonthlyReportFactory()  # January 2024, figures as of 01.02.2024
    for block in ("budget.operating_result", "budget.investment_result", "security.costs"):
        SectionFactory(report=report, title=block, block=block)
    return report, report_publish(report=report, user=administrator, notify=False)


def workbook_parts(period: SplitPeriod, item_name: str) -> dict[str, Decimal]:
    """Each municipality's amount of the item, from its sheet of the year's workbook."""
    workbook = openpyxl.load_workbook(BytesIO(year_workbook(period_splits(period))))
    parts = {}
    for name in MEMBERS:
        ws = workbook[name]
        (row,) = [cell.row for cell in ws["A"] if cell.value == item_name]
        parts[name] = Decimal(ws.cell(row, 6).value)
    return parts


def stored_rows(version, block: str) -> list[list]:
    (data,) = [data for data in version.block_data.values() if data["block"] == block]
    return data["rows"]


def test_every_amount_in_the_published_blocks_is_the_workbooks(published):
    report, version = published
    accounts = report_split_period(report.period, 2023)
    assert accounts == SplitPeriod(2023, 12, report.as_of)
    for block, item in (
        ("budget.operating_result", "Merforbruk drift 2023 (fakturert kommunene)"),
        (
            "budget.investment_result",
            "Mindreforbruk investering 2023 (motregnes investeringstilskuddene 2024)",
        ),
    ):
        shown = {
            name: Decimal(str(row[3]))
            for row in stored_rows(version, block)
            for name in MEMBERS
            if str(row[0]).startswith(f"Fordelt på {name} ")
        }
        assert shown == workbook_parts(accounts, item), block
        assert len(shown) == 5
    soc = report_split_period(report.period, 2024)
    shown = {
        row[0]: Decimal(str(row[2]))
        for row in stored_rows(version, "security.costs")
        if row[0] in MEMBERS
    }
    assert shown == workbook_parts(soc, "Sikkerhetspartner SOC+ (Atea)")
    assert shown["Molde"] == 877944


def test_the_case_document_shows_the_workbooks_amounts(published, administrator):
    report, _version = published
    case = CaseFactory(
        meeting=report.meeting, number="2024/M1-004", document_block="security.case_document"
    )
    document = case_document_publish(case=case, user=administrator, notify=False)
    with document.html.open("rb") as stored:
        html = stored.read().decode()
    parts = workbook_parts(
        report_split_period(report.period, 2024), "Sikkerhetspartner SOC+ (Atea)"
    )
    for amount in parts.values():
        assert format_money(amount) in html


def test_the_finance_page_opens_on_the_published_reports_period(published, client_for):
    report, _version = published
    assert latest_published_period() == SplitPeriod(2023, 12, report.as_of)
    html = client_for(Role.FINANCE).get("/okonomi/").content.decode()
    assert "Kostnadsposter 2023: januar–desember 2023" in html
    assert "914\xa0930\xa0kr" in html  # Molde's part of the 2023 overspend
