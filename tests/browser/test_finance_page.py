"""Finance reads /okonomi/ on a laptop (1280 px) and a phone (390 px): nothing is wider
than its container outside a table's own scroll region, the Vestnes column is in view
or reachable by scrolling that region, and no amount is cut off."""

import pytest
from playwright.sync_api import expect

from budget import demo as budget_demo
from ror_portal.roles import Role
from security import demo as security_demo
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.budget.publishing import publish_accounts
from tests.factories import PASSWORD, UserFactory

NBSP = "\xa0"

# Elements wider than their box that are not inside (or being) a table's scroll region.
OVERFLOWING = """() => [...document.querySelectorAll("main *")]
    .filter(e => !e.closest(".table-scroll"))
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "auto")
    .map(e => e.tagName + "." + e.className)"""
# Amount cells whose text does not fit in them.
CLIPPED = """() => [...document.querySelectorAll("td.num")]
    .filter(td => td.scrollWidth > td.clientWidth + 1)
    .map(td => td.textContent.trim())"""


@pytest.fixture
def finance(transactional_db):
    budget_demo.load()
    security_demo.load()
    publish_accounts(2023, 12)  # the January 2024 report: finance sees published periods
    return UserFactory(username="okonomi", role=Role.FINANCE)


def open_finance(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/okonomi/?ar=2023&til=12")
    accessible(page)
    log_in(page, "okonomi", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kostnadsfordeling mellom kommunene")
    accessible(page)


def assert_readable(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate(CLIPPED) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_finance_page_fits_and_every_amount_shows_whole(page, finance, width):
    open_finance(page, width)
    assert_readable(page, width)
    region = page.get_by_role("region", name="Investering")
    vestnes = region.get_by_role("columnheader", name="Vestnes")
    amount = region.get_by_role("link", name=f"\u2212430{NBSP}612{NBSP}kr")
    if width == 1280:
        expect(vestnes).to_be_in_viewport()
        box, area = vestnes.bounding_box(), region.bounding_box()
        assert box["x"] + box["width"] <= area["x"] + area["width"] + 1  # not cut off
    else:
        # too wide for the phone: the table scrolls in its own region, the item stays
        scrolls = region.evaluate("e => e.scrollWidth > e.clientWidth")
        assert scrolls
        item = region.locator("tbody tr").first.get_by_role("rowheader")
        left = item.bounding_box()["x"]
        amount.scroll_into_view_if_needed()
        expect(vestnes).to_be_in_viewport()
        assert abs(item.bounding_box()["x"] - left) < 2  # the cost item column kept in view
    expect(amount).to_be_visible()
    assert_readable(page, width)


def test_an_amount_opens_how_it_was_computed(page, finance):
    open_finance(page, 390)
    page.get_by_role("region", name="Drift").get_by_role(
        "link", name=f"914{NBSP}930{NBSP}kr"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Molde sin del av Merforbruk drift 2023 (fakturert kommunene)"
    )
    expect(
        page.get_by_text(f"1{NBSP}938{NBSP}000{NBSP}kr × 47,21{NBSP}% = 914{NBSP}929,80{NBSP}kr")
    ).to_be_visible()
    accessible(page)
    assert_readable(page, 390)


def test_an_administrators_live_period_is_marked_and_accessible(page, finance):
    """2024's accounts are in no published report: finance is not shown them, an
    administrator is, under «Ikke publisert»."""
    UserFactory(username="admin", role=Role.ADMINISTRATOR)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/okonomi/?ar=2024&til=1")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    banner = page.get_by_role("status").filter(has_text="Ikke publisert")
    expect(banner).to_contain_text("rapporten for februar 2024 er publisert")
    expect(page.get_by_role("heading", name="Kostnadsposter 2024: januar 2024")).to_be_visible()
    accessible(page)
    assert_readable(page, 390)
