"""A passkey as the second factor, in Chromium with its virtual authenticator (the
DevTools protocol's WebAuthn domain, as a security key or Windows Hello would answer)."""

from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from ror_portal.accounts.models import AccountEvent
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in_from_the_sign_in_page


def test_an_administrator_sets_up_a_passkey_and_logs_in_with_it(page, anne, authenticator):
    devtools, authenticator_id = authenticator
    log_in_from_the_sign_in_page(page)
    expect(page).to_have_url("/konto/2fa/")
    accessible(page)
    page.get_by_role("link", name="Legg til en passnøkkel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Legg til en passnøkkel")
    accessible(page)
    page.get_by_label("Navn på passnøkkelen").fill("Anne sin PC")
    page.get_by_role("button", name="Legg til passnøkkelen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gjenopprettingskoder")
    accessible(page)
    key = Authenticator.objects.get(user=anne, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Anne sin PC"
    assert (
        len(
            devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})[
                "credentials"
            ]
        )
        == 1
    )
    page.get_by_role("link", name="Gå til forsiden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Anne")
    accessible(page)

    page.goto("/konto/2fa/webauthn/")
    expect(page.get_by_role("cell", name="Anne sin PC", exact=True)).to_be_visible()
    accessible(page)

    page.get_by_role("button", name="Logg ut").click()
    accessible(page)
    log_in_from_the_sign_in_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    accessible(page)
    page.get_by_role("button", name="Bruk en passnøkkel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Anne")
    accessible(page)
    signed_in = AccountEvent.objects.filter(kind=AccountEvent.Kind.SIGNED_IN).latest("at")
    assert (signed_in.username, signed_in.detail) == ("anne", "webauthn")
