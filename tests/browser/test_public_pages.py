"""The public's pages (/innsyn/) read by an anonymous visitor in Chromium, on a phone
and on a screen: the demo's January 2024 meeting, its public editions (the SOC+ case
document with its technical set-up withheld) and the search, each passing axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessible

PHONE, SCREEN = 390, 1280


@pytest.mark.parametrize("width", [PHONE, SCREEN])
def test_an_anonymous_visitor_reads_the_public_papers(page, demo_passwords, width):
    page.set_viewport_size({"width": width, "height": 900})

    page.goto("/innsyn/")
    accessible(page)
    expect(page.locator(".site-header a[href='/logg-inn/']")).to_be_visible()
    page.get_by_role("link", name="Samarbeidsrådet for ROR-IKT 2024/M1").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("2024/M1")
    accessible(page)
    expect(page.locator(".agenda")).to_contain_text("2024/M1-004")
    page.get_by_role("link", name="2024/M1-004 Sikkerhetspartner", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("2024/M1-004")
    accessible(page)
    withheld = page.locator(".report-main .withheld").first
    expect(withheld).to_be_visible()
    expect(withheld).to_contain_text("offl. § 24 tredje ledd")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto("/innsyn/report/2024-01/v1/")
    accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto("/innsyn/")
    accessible(page)
    page.locator(".public-search input[name=q]").fill("informasjonssikkerhet")
    page.locator(".public-search button").click()

    accessible(page)
    results = page.locator(".search-results li")
    expect(results.first).to_contain_text("Månedsrapport januar 2024")
    expect(results.first.locator("mark").first).to_be_visible()
