"""The sign-in pages are valid HTML (the W3C checker): the login page with identity
providers, the second-factor pages, and the refusal of a sign-in."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import NoReverseMatch, reverse

from tests.factories import PASSWORD
from tests.html_validator import html_errors
from tests.sso.provider import MOLDE
from tests.totp import give_authenticator_app

pytestmark = pytest.mark.django_db


def test_the_sign_in_pages_are_valid_html(client, settings, board_member):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [MOLDE]}}
    pages = {}
    login = client.get(reverse("login")).content.decode()
    assert "Logg inn med Molde kommune" in login
    pages["login with a provider"] = login

    give_authenticator_app(board_member)
    client.post(reverse("login"), {"username": "styre", "password": PASSWORD})
    pages["code"] = client.get(reverse("mfa_authenticate")).content.decode()
    pages["wrong code"] = client.post(reverse("mfa_authenticate"), {"code": "1"}).content.decode()

    client.force_login(board_member)
    RecoveryCodes.activate(board_member)
    for name in ("mfa_index", "mfa_view_recovery_codes", "account_reauthenticate"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    board_member.authenticator_set.all().delete()
    client.post(reverse("login"), {"username": "styre", "password": PASSWORD})
    pages["activate"] = client.get(reverse("mfa_activate_totp")).content.decode()
    for name in ("mfa_add_webauthn", "mfa_list_webauthn"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    assert html_errors(pages) == []


def test_confirming_it_is_you_is_valid_html_and_offers_the_other_ways(client, board_member):
    """allauth's re-authentication pages, on the portal's layout: the password, and the
    authenticator app's code, each offering the other."""
    give_authenticator_app(board_member)
    client.force_login(board_member)  # no recent sign-in recorded: allauth asks again
    deactivate = reverse("mfa_deactivate_totp")
    again = client.get(deactivate)
    assert (
        again["Location"]
        == f"{reverse('account_reauthenticate')}?next=%2Fkonto%2F2fa%2Ftotp%2Fdeactivate%2F"
    )
    pages = {}
    for name in ("account_reauthenticate", "mfa_reauthenticate"):
        response = client.get(reverse(name), {"next": deactivate})
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
        assert "<h1>" in pages[name] and 'class="narrow"' in pages[name], name
    assert "Bruk autentiseringsapp eller kode" in pages["account_reauthenticate"]
    assert "Bruk passordet ditt" in pages["mfa_reauthenticate"]
    assert html_errors(pages) == []


# allauth's pages the portal does not have: accounts are made by administrators, e-mail
# addresses are theirs to change, passwords change on the portal's own pages.
NOT_EXPOSED = [
    "account_signup",
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_request_login_code",
    "account_request_reauthentication_code",
    "socialaccount_connections",
    "socialaccount_signup",
    "mfa_trust",
]


@pytest.mark.parametrize("name", NOT_EXPOSED)
def test_allauth_pages_the_portal_does_not_have_are_not_routed(name):
    with pytest.raises(NoReverseMatch):
        reverse(name)


@pytest.mark.parametrize(
    "path",
    ["/konto/signup/", "/konto/email/", "/konto/password/change/", "/konto/3rdparty/",
     "/konto/login/code/", "/accounts/signup/", "/konto/2fa/trust/"],
)  # fmt: skip
def test_allauth_paths_the_portal_does_not_have_are_404(client, board_member, path):
    client.force_login(board_member)
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 404


def test_the_other_reachable_allauth_pages_are_valid_html(client, settings, board_member):
    """The provider's sign-in asked for by a link (GET: a button to go on), a cancelled
    or failed sign-in, and the pages of changing a factor not covered above."""
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [MOLDE]}}
    pages = {}
    expected = {
        reverse("openid_connect_login", kwargs={"provider_id": "molde"}): (200, "Gå videre"),
        reverse("socialaccount_login_cancelled"): (200, "Innloggingen ble avbrutt"),
        reverse("socialaccount_login_error"): (401, "Innloggingen gjennom kommunen mislyktes"),
    }
    give_authenticator_app(board_member)
    client.post(reverse("login"), {"username": "styre", "password": PASSWORD})
    client.post(
        reverse("mfa_authenticate"),
        {"code": RecoveryCodes.activate(board_member).get_unused_codes()[0]},
    )
    expected[reverse("mfa_deactivate_totp")] = (200, "Fjern autentiseringsappen")
    expected[reverse("mfa_generate_recovery_codes")] = (200, "Lag nye gjenopprettingskoder")
    for url, (status, text) in expected.items():
        response = client.get(url)
        assert response.status_code == status, url
        pages[url] = response.content.decode()
        assert text in pages[url], url
    assert html_errors(pages) == []
