import datetime

import pytest
from playwright.sync_api import expect

from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, MonthlyReportFactory, SectionFactory, TermFactory, UserFactory


@pytest.fixture
def draft_report(transactional_db):
    report = MonthlyReportFactory(month=datetime.date(2024, 1, 1))
    accounts = SectionFactory(report=report, title="Regnskap 2023", body="Innledning.")
    SectionFactory(
        report=report, parent=accounts, title="Driftsresultat", body="Merforbruk på 1,938 mill. kr."
    )
    SectionFactory(report=report, title="Definisjoner og begreper", block="reports.glossary")
    TermFactory(term="SOC", definition="Security Operations Center")
    return report


def test_administrator_publishes_and_a_board_member_reads_and_downloads(page, draft_report):
    UserFactory(username="admin", first_name="Anne", role=Role.ADMINISTRATOR)
    UserFactory(username="styre", first_name="Bjørn", role=Role.BOARD_MEMBER)

    page.goto(f"/admin/reports/monthlyreport/{draft_report.pk}/innhold/")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    expect(page.get_by_role("heading", name="Seksjoner")).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Forhåndsvis som nettside").click()
    expect(page.get_by_text("bare administratorer ser denne forhåndsvisningen")).to_be_visible()
    expect(page.get_by_role("heading", name="1.1 Driftsresultat")).to_be_visible()
    accessible(page)

    page.go_back()
    accessible(page)
    page.get_by_role("button", name="Publiser …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publiser Månedsrapport januar 2024")
    accessible(page)
    page.get_by_role("button", name="Publiser versjon 1").click()
    expect(page.get_by_text("Versjon 1 av Månedsrapport januar 2024 er publisert.")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Logg ut").click()
    accessible(page)

    page.goto("/")
    accessible(page)
    log_in(page, "styre", PASSWORD)
    accessible(page)
    page.get_by_role("link", name="Månedsrapport januar 2024").click()
    expect(
        page.get_by_role("heading", level=1, name="Månedsrapport for januar 2024")
    ).to_be_visible()
    accessible(page)

    page.get_by_role("navigation", name="Innhold").get_by_role(
        "link", name="1.1 Driftsresultat"
    ).click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#seksjon-1-1")
    expect(page.locator("#seksjon-1-1")).to_be_in_viewport()
    accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned PDF").click()
    assert download.value.suggested_filename == "ror-ikt-manedsrapport-2024-01.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
