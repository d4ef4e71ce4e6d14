"""Changing a second factor in Chromium: renaming and removing a passkey, removing the
authenticator app, and confirming it is you first (allauth's re-authentication: the
password, the app's code, the passkey). axe-core on every page; the pages allauth shows
only here (the passkey's re-authentication and renaming, which need a real passkey) are
checked with the HTML validator too. Removing the last factor of a role that requires
one is recorded, and the user sets up a new one before any other page."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import expect

from ror_portal.accounts.models import AccountEvent
from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in_from_the_sign_in_page, minutes_pass
from tests.factories import UserFactory
from tests.html_validator import html_errors
from tests.sso.provider import MOLDE
from tests.totp import give_authenticator_app, totp_code


def removed(user) -> list[str]:
    return list(
        AccountEvent.objects.filter(
            user=user, kind=AccountEvent.Kind.SECOND_FACTOR_REMOVED
        ).values_list("detail", flat=True)
    )


def test_renaming_and_removing_the_last_passkey(page, anne, authenticator):
    pages = {}
    log_in_from_the_sign_in_page(page)
    expect(page).to_have_url("/konto/2fa/")
    accessible(page)
    page.get_by_role("link", name="Legg til en passnøkkel").click()
    accessible(page)
    page.get_by_label("Navn på passnøkkelen").fill("Anne sin PC")
    page.get_by_role("button", name="Legg til passnøkkelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjenopprettingskoder")
    accessible(page)

    page.goto("/konto/2fa/webauthn/")
    accessible(page)
    page.get_by_role("link", name="Gi Anne sin PC nytt navn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gi passnøkkelen nytt navn")
    accessible(page)
    pages["mfa_edit_webauthn"] = page.content()
    page.get_by_label("Navn på passnøkkelen").fill("Jobb-PC")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("cell", name="Jobb-PC", exact=True)).to_be_visible()
    accessible(page)
    key = Authenticator.objects.get(user=anne, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Jobb-PC"

    minutes_pass(page)
    page.get_by_role("link", name="Fjern Jobb-PC").click()
    # The password first, with the passkey offered instead.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft passordet ditt")
    accessible(page)
    page.get_by_role("link", name="Bruk en sikkerhetsnøkkel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    accessible(page)
    pages["mfa_reauthenticate_webauthn"] = page.content()
    page.get_by_role("button", name="Bruk en passnøkkel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fjerne passnøkkelen Jobb-PC?")
    accessible(page)
    page.get_by_role("button", name="Fjern").click()

    expect(page).to_have_url("/konto/2fa/webauthn/")
    expect(page.get_by_text("Du har ingen passnøkler.")).to_be_visible()
    accessible(page)
    # allauth removes the recovery codes with the last factor; both are recorded.
    assert not Authenticator.objects.filter(user=anne).exists()
    assert sorted(removed(anne)) == ["recovery_codes", "webauthn"]
    # The last factor of a role that requires one: any other page is the set-up.
    page.goto("/")
    expect(page).to_have_url("/konto/2fa/")
    expect(page.get_by_role("alert")).to_contain_text("Rollen din i ROR Portal krever")
    accessible(page)
    assert html_errors(pages) == []


def test_removing_the_app_after_confirming_with_a_recovery_code(page, anne):
    secret = give_authenticator_app(anne)
    codes = RecoveryCodes.activate(anne).get_unused_codes()
    log_in_from_the_sign_in_page(page)
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
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft passordet ditt")
    accessible(page)
    page.get_by_role("link", name="Bruk autentiseringsapp eller kode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    accessible(page)
    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_label("Kode")).to_have_attribute("aria-invalid", "true")
    accessible(page)
    # This half-minute's code was spent signing in: a recovery code stands in.
    page.get_by_label("Kode").fill(codes[0])
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fjern autentiseringsappen")
    accessible(page)
    page.get_by_role("button", name="Fjern").click()

    expect(page).to_have_url("/konto/2fa/")
    expect(page.get_by_role("alert")).to_contain_text("Rollen din i ROR Portal krever")
    accessible(page)
    assert not Authenticator.objects.filter(user=anne).exists()
    assert sorted(removed(anne)) == ["recovery_codes", "totp"]


def test_the_other_reachable_allauth_pages_pass_axe(page, transactional_db, settings):
    """The pages no journey above passes through: making new recovery codes, the
    provider's sign-in asked for by a link, a cancelled or failed sign-in."""
    user = UserFactory(username="styre", first_name="Siri", role=Role.BOARD_MEMBER)
    secret = give_authenticator_app(user)
    log_in_from_the_sign_in_page(page, "styre")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    accessible(page)
    page.get_by_label("Kode").fill(totp_code(secret))
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Siri")
    accessible(page)
    page.goto("/konto/2fa/recovery-codes/generate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lag nye gjenopprettingskoder")
    accessible(page)
    page.get_by_role("button", name="Lag nye koder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjenopprettingskoder")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    accessible(page)

    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [MOLDE]}}
    for url, heading in (
        ("/konto/oidc/molde/login/", "Logg inn med Molde kommune"),
        ("/konto/sso/avbrutt/", "Innloggingen ble avbrutt"),
        ("/konto/sso/feil/", "Innloggingen gjennom kommunen mislyktes"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        accessible(page)
