"""Signing in through the municipality's identity provider, in Chromium, against a real
OpenID Connect provider (tests/sso/idp.mjs): a known user lands on the home page in their
portal role; an unknown or unverified address is refused in Norwegian, and nothing is made."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import User
from playwright.sync_api import expect

from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.factories import UserFactory
from tests.sso.provider import account, identity_provider

ACCOUNTS = {
    "anne": account("anne.admin@molde.kommune.no"),
    "ukjent": account("ukjent@molde.kommune.no"),
    "uverifisert": account("anne.admin@molde.kommune.no", verified=False),
}


@pytest.fixture
def provider(live_server, settings):
    with identity_provider(accounts=ACCOUNTS, portal_urls=[live_server.url]) as running:
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [running.app()]}}
        yield running


@pytest.fixture
def anne(transactional_db):
    return UserFactory(
        username="anne", first_name="Anne", email="anne.admin@molde.kommune.no",
        role=Role.ADMINISTRATOR,
    )  # fmt: skip


def sign_in_with_the_municipality(page, login: str) -> None:
    page.goto("/")
    expect(page).to_have_url("/logg-inn/?next=/")
    accessible(page)
    page.get_by_role("button", name="Logg inn med Molde kommune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testkommunens innlogging")
    accessible(page)
    page.get_by_label("Bruker i kommunen").fill(login)
    page.get_by_role("button", name="Logg inn i kommunen").click()


def test_a_known_user_lands_on_the_home_page_in_their_role(page, provider, anne):
    sign_in_with_the_municipality(page, "anne")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Anne")
    expect(page).to_have_url("/")
    # the portal's role, not the provider's: an administrator's menu
    expect(page.get_by_role("link", name="Administrasjon")).to_be_visible()
    accessible(page)
    assert SocialAccount.objects.get().user == anne


def test_an_unknown_address_is_refused_in_norwegian_and_nothing_is_made(page, provider, anne):
    sign_in_with_the_municipality(page, "ukjent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er ikke logget inn")
    expect(page.get_by_role("alert")).to_have_text(
        "Det finnes ingen bruker i ROR Portal med e-postadressen ukjent@molde.kommune.no. "
        "Be en administrator i ROR-IKT om å opprette en."
    )
    accessible(page)
    assert list(User.objects.values_list("username", flat=True)) == ["anne"]
    assert not SocialAccount.objects.exists()
    page.get_by_role("link", name="Tilbake til innloggingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i ROR Portal")
    accessible(page)


def test_an_address_the_provider_has_not_verified_is_refused(page, provider, anne):
    sign_in_with_the_municipality(page, "uverifisert")
    expect(page.get_by_role("alert")).to_have_text(
        "Identitetsleverandøren har ikke bekreftet e-postadressen anne.admin@molde.kommune.no."
    )
    accessible(page)
    assert not SocialAccount.objects.exists()
    page.goto("/")
    expect(page).to_have_url("/logg-inn/?next=/")
    accessible(page)
