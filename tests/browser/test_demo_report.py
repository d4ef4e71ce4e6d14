from playwright.sync_api import expect

from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in


def test_a_board_member_reads_the_demo_report_with_its_charts(page, demo_passwords):
    page.goto("/")
    accessible(page)
    log_in(page, "styremedlem", demo_passwords["styremedlem"])
    accessible(page)
    page.get_by_role("link", name="Månedsrapport januar 2024").click()
    expect(
        page.get_by_role("heading", name="2.1.2.6 Overholdelse av tjenestenivåavtalen – SLA")
    ).to_be_visible()
    assert page.locator("svg[role=img]").count() >= 6
    expect(page.get_by_role("cell", name="1 938 000 kr").first).to_be_visible()
    accessible(page)


def test_a_board_member_reads_case_2024_m1_004_and_downloads_its_pdf(page, demo_passwords):
    page.goto("/moter/2024-M1/")
    accessible(page)
    log_in(page, "styremedlem", demo_passwords["styremedlem"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Møte 2024/M1")
    accessible(page)
    # The agenda's entry (the case's heading below links to the same page).
    page.get_by_role("link", name="2024/M1-004 Sikkerhetspartner").first.click()
    expect(
        page.get_by_text("godkjenner en økning av ROR-IKT sin driftsramme for 2024 med 1,864")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="877 944 kr").first).to_be_visible()
    accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned PDF").click()
    assert download.value.suggested_filename == "saksframlegg-2024-M1-004.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
