"""The sign-in pages are valid HTML (the W3C checker): the login page with identity
providers, the second-factor pages, and the refusal of a sign-in."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from ror_portal.accounts.sso import openid_connect_app
from tests.factories import PASSWORD
from tests.html_validator import html_errors
from tests.totp import give_authenticator_app

pytestmark = pytest.mark.django_db

MOLDE = openid_connect_app(
    provider_id="molde",
    name="Molde kommune",
    issuer="https://login.microsoftonline.com/6f1c2d3e-0000-4000-8000-000000000001/v2.0",
    client_id="id",
    secret="secret",
)


def test_the_sign_in_pages_are_valid_html(client, settings, board_member, tmp_path):
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
    assert html_errors(pages, tmp_path) == []
