"""Confirming it is you (reauthentication) with the authenticator app's code or the
password, under the login lockout: wrong answers count as wrong passwords, the lockout
holds whatever the code, a session is signed out after too many wrong answers, and the
pages that refuse are in Norwegian."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.factories import PASSWORD
from tests.html_validator import html_errors
from tests.ror_portal.sign_in import log_in, minutes_pass
from tests.totp import give_authenticator_app, totp_code

pytestmark = pytest.mark.django_db

RECOVERY_CODES = reverse("mfa_view_recovery_codes")
CONFIRM = reverse("mfa_reauthenticate") + "?next=" + RECOVERY_CODES
LOCKED = "For mange mislykkede innlogginger"


@pytest.fixture
def secret(board_member) -> str:
    return give_authenticator_app(board_member)


def signed_in(client, recovery_code: str) -> None:
    """Signed in with the password and a recovery code (the app's code of this half
    minute stays unused for confirming), some minutes ago: changing how one signs in
    asks to confirm it is you."""
    log_in(client, "styre")
    assert client.post(reverse("mfa_authenticate"), {"code": recovery_code})["Location"] == "/"
    minutes_pass(client)
    assert client.get(RECOVERY_CODES).status_code == 302


@pytest.fixture
def recovery_codes(board_member, secret) -> list[str]:
    return RecoveryCodes.activate(board_member).get_unused_codes()


def confirm(client, code, address="127.0.0.1"):
    return client.post(CONFIRM, {"code": code}, REMOTE_ADDR=address)


def test_the_right_code_before_the_limit_confirms(client, settings, secret, recovery_codes):
    signed_in(client, recovery_codes[0])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = confirm(client, "000000")
        assert wrong.status_code == 200
        assert "Feil kode" in wrong.content.decode()
    assert confirm(client, totp_code(secret))["Location"] == RECOVERY_CODES
    assert client.get(RECOVERY_CODES).status_code == 200


def test_wrong_codes_count_toward_the_lockout(client, settings, secret, recovery_codes):
    from django.test import Client

    other_session = Client()
    signed_in(other_session, recovery_codes[1])
    signed_in(client, recovery_codes[0])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert confirm(client, "000000").status_code == 200
    locked = confirm(client, "000000")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    # The session that guessed is signed out.
    assert "_auth_user_id" not in client.session
    # The next attempt, from the user's other session, is locked even with the right code,
    # and so is the password at the login page.
    right = confirm(other_session, totp_code(secret))
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert other_session.get(RECOVERY_CODES).status_code == 302
    assert log_in(Client(), "styre").status_code == 429


def test_a_session_is_signed_out_after_wrong_codes_from_many_addresses(
    client, settings, secret, recovery_codes
):
    """Each address has one failure only, far from its lockout: the session's count
    signs it out."""
    signed_in(client, recovery_codes[0])
    addresses = [f"10.0.0.{n}" for n in range(1, settings.AXES_FAILURE_LIMIT + 1)]
    for address in addresses[:-1]:
        assert confirm(client, "000000", address).status_code == 200
        assert "_auth_user_id" in client.session
    signed_out = confirm(client, "000000", addresses[-1])
    assert signed_out["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    page = client.get(signed_out["Location"]).content.decode()
    assert "Du ble logget ut etter for mange feil svar. Logg inn på nytt." in page
    # No address was locked: the password still leads on to the code.
    again = log_in(client, "styre", REMOTE_ADDR=addresses[-1])
    assert again["Location"] == reverse("mfa_authenticate")


def test_wrong_passwords_to_confirm_sign_the_session_out_too(client, settings, board_member):
    client.force_login(board_member)
    url = reverse("account_reauthenticate")
    for n in range(1, settings.AXES_FAILURE_LIMIT):
        wrong = client.post(url, {"password": "wrong"}, REMOTE_ADDR=f"10.0.1.{n}")
        assert wrong.status_code == 200
        assert "_auth_user_id" in client.session
    right = client.post(url, {"password": PASSWORD}, REMOTE_ADDR="10.0.1.99")
    assert right.status_code == 302  # control: the right password still confirms
    for n in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(url, {"password": "wrong"}, REMOTE_ADDR=f"10.0.2.{n}")
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_too_many_requests_is_answered_in_norwegian(client, secret, recovery_codes):
    """allauth allows ten attempts a minute to confirm it is you; the eleventh gets the
    portal's page, not allauth's English «Too Many Requests». (Empty codes, which
    neither the lockout nor the session counts.)"""
    signed_in(client, recovery_codes[0])
    for _ in range(10):
        assert confirm(client, "").status_code == 200
    refused = confirm(client, "")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "For mange forsøk" in page
    assert "Du har prøvd for mange ganger på kort tid." in page
    assert "Too Many" not in page
    assert html_errors({"429": page}) == []
