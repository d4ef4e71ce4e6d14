"""Signing in through the municipality's identity provider, in Chromium, against a real
OpenID Connect provider (tests/sso/idp.mjs): a known user lands on the home page in their
portal role; an unknown or unverified address is refused in Norwegian, and nothing is made;
a user without a password confirms it is them by signing in through it again."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import User
from playwright.sync_api import expect

from ror_portal.accounts.models import AccountEvent
from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import minutes_pass
from tests.factories import UserFactory
from tests.sso.provider import account, identity_provider
from tests.totp import give_authenticator_app, totp_code

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


def test_without_a_password_signing_in_again_confirms_it_is_you(page, provider, anne):
    """Anne has no password in the portal, only her municipality's sign-in and an app.
    Some minutes after signing in, removing the app needs her to confirm it is her: the
    app's code, or signing in through the municipality again (then the portal's second
    factor, as at every one-factor sign-in). The provider is not told to ask for her
    password again (prompt=login): its own session counts."""
    anne.set_unusable_password()
    anne.save()
    secret = give_authenticator_app(anne)
    codes = RecoveryCodes.activate(anne).get_unused_codes()
    sign_in_with_the_municipality(page, "anne")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    accessible(page)
    page.get_by_label("Kode").fill(totp_code(secret))
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Anne")
    accessible(page)

    minutes_pass(page)
    page.goto("/konto/2fa/")
    accessible(page)
    page.get_by_role("link", name="Fjern autentiseringsappen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    expect(page.get_by_label("Kode")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Logg inn igjen med Molde kommune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn med Molde kommune")
    accessible(page)
    page.get_by_role("button", name="Gå videre").click()
    # The provider still knows her (its own session): the portal's second factor again.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    accessible(page)
    # This half-minute's code was spent signing in: a recovery code stands in.
    page.get_by_label("Kode").fill(codes[0])
    page.get_by_role("button", name="Logg inn").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fjern autentiseringsappen")
    accessible(page)
    page.get_by_role("button", name="Fjern").click()
    expect(page).to_have_url("/konto/2fa/")
    accessible(page)
    assert not Authenticator.objects.filter(user=anne).exists()
    events = AccountEvent.objects.filter(user=anne).order_by("at", "pk")
    assert [(e.kind, e.provider, e.detail) for e in events] == [
        (AccountEvent.Kind.PROVIDER_LINKED, "Molde kommune", ""),
        (AccountEvent.Kind.SIGNED_IN, "Molde kommune", "totp"),
        (AccountEvent.Kind.SIGNED_IN, "Molde kommune", "recovery_codes"),
        (AccountEvent.Kind.SECOND_FACTOR_REMOVED, "", "totp"),
        (AccountEvent.Kind.SECOND_FACTOR_REMOVED, "", "recovery_codes"),
    ]
