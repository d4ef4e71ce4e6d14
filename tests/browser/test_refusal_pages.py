"""The pages that refuse too many attempts are Norwegian and accessible: django-allauth's
429 (too many requests in a minute, here to confirm it is you) and django-axes' lockout."""

import pytest
from playwright.sync_api import expect

from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def board_member(transactional_db):
    return UserFactory(username="styre", first_name="Bjørn", role=Role.BOARD_MEMBER)


def test_too_many_attempts_to_confirm_it_is_you(page, board_member):
    page.goto("/")
    accessible(page)
    log_in(page, "styre", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Bjørn")
    accessible(page)
    page.goto("/konto/bekreft/")
    accessible(page)
    # Empty answers: allauth counts every attempt (ten a minute), the lockout none.
    for _ in range(10):
        page.get_by_role("button", name="Bekreft").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft passordet ditt")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("For mange forsøk")
    expect(page.get_by_role("alert")).to_have_text(
        "Du har prøvd for mange ganger på kort tid. Vent noen minutter og prøv igjen."
    )
    accessible(page)


def test_the_lockout_page(page, board_member, settings):
    page.goto("/logg-inn/")
    accessible(page)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, "styre", "feil-passord")
    expect(page.get_by_role("heading", level=1)).to_have_text("For mange mislykkede innlogginger")
    accessible(page)
