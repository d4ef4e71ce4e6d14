import pytest
from playwright.sync_api import expect

from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def board_member(transactional_db):
    return UserFactory(username="styre", first_name="Bjørn", role=Role.BOARD_MEMBER)


def test_board_member_logs_in_sees_the_home_page_and_logs_out(page, board_member):
    page.goto("/")
    expect(page).to_have_url("/logg-inn/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i ROR Portal")
    accessible(page)

    log_in(page, "styre", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Bjørn")
    expect(page.get_by_text("Ingen rapporter er publisert ennå")).to_be_visible()
    accessible(page)

    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget ut")
    accessible(page)

    page.goto("/")
    expect(page).to_have_url("/logg-inn/?next=/")
    accessible(page)


def test_a_wrong_password_gets_a_clear_norwegian_message(page, board_member):
    page.goto("/logg-inn/")
    accessible(page)
    log_in(page, "styre", "feil-passord")
    expect(page.get_by_role("alert")).to_contain_text("Feil brukernavn eller passord")
    expect(page.get_by_label("Brukernavn")).to_have_value("styre")
    accessible(page)


def test_the_home_page_fits_a_phone(page, board_member):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    accessible(page)
    log_in(page, "styre", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    accessible(page)
