import datetime

import pytest
from playwright.sync_api import expect

from reports.publishing import report_publish
from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, MonthlyReportFactory, SectionFactory, UserFactory


@pytest.fixture
def published_report(transactional_db):
    report = MonthlyReportFactory(month=datetime.date(2024, 1, 1))
    accounts = SectionFactory(report=report, title="Regnskap 2023", body="Innledning.")
    SectionFactory(
        report=report, parent=accounts, title="Driftsresultat", body="Merforbruk på 1,938 mill. kr."
    )
    for number in range(12):  # enough text below that the section must be scrolled to
        SectionFactory(report=report, title=f"Område {number}", body="Tekst.\n\n" * 12)
    administrator = UserFactory(username="admin", role=Role.ADMINISTRATOR)
    return report_publish(report=report, user=administrator, notify=False)


def test_a_board_member_searches_and_lands_on_the_section(page, published_report):
    UserFactory(username="styre", first_name="Bjørn", role=Role.BOARD_MEMBER)

    page.goto("/")
    accessible(page)
    log_in(page, "styre", PASSWORD)
    accessible(page)

    page.get_by_role("navigation").locator('a[href="/arkiv/"]').click()
    expect(page.get_by_role("link", name="Månedsrapport januar 2024")).to_be_visible()
    accessible(page)

    page.get_by_role("searchbox").fill("merforbruk")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url("/sok/?q=merforbruk")
    expect(page.locator("mark")).to_have_text("Merforbruk")
    accessible(page)

    page.get_by_role("link", name="1.1 Driftsresultat").click()
    expect(page).to_have_url("/rapporter/2024-01/#seksjon-1-1")
    heading = page.get_by_role("heading", name="1.1 Driftsresultat")
    expect(heading).to_have_id("seksjon-1-1")
    expect(heading).to_be_in_viewport()
    accessible(page)
