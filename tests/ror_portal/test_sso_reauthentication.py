"""A user who signs in through their municipality alone (no password in the portal) is
asked to confirm it is them before changing a second factor: the sign-in itself counts for
allauth's few minutes, as a typed password does; later they confirm with their second
factor, or by signing in again through the municipality (the test provider, tests/sso)."""

import pytest
from allauth.mfa.models import Authenticator
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from ror_portal.accounts.models import AccountEvent
from ror_portal.roles import Role
from tests.factories import UserFactory
from tests.html_validator import html_errors
from tests.ror_portal.sign_in import minutes_pass
from tests.sso.provider import PROVIDER_ID, account, identity_provider, sign_in_through
from tests.totp import give_authenticator_app, totp_code

pytestmark = pytest.mark.django_db

ACCOUNTS = {
    "bjorn": account("bjorn.styre@molde.kommune.no"),
    "bjorn-mfa": account("bjorn.styre@molde.kommune.no", amr=("pwd", "mfa")),
}
DEACTIVATE = reverse("mfa_deactivate_totp")


@pytest.fixture
def provider(settings):
    with identity_provider(accounts=ACCOUNTS, portal_urls=["http://testserver"]) as running:
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [running.app()]}}
        yield running


@pytest.fixture
def bjorn(db, settings):
    """A finance user (a role that requires a second factor) without a password."""
    settings.MFA_REQUIRED_ROLES = [Role.FINANCE]
    user = UserFactory(username="bjorn", email="bjorn.styre@molde.kommune.no")
    user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=Role.FINANCE)])
    return user


def alternatives(response) -> dict[str, str]:
    page = BeautifulSoup(response.content, "html.parser")
    return {link.text.strip(): link["href"] for link in page.select(".sign-in-providers a")}


def test_right_after_signing_in_through_the_provider_an_app_can_be_set_up(client, provider, bjorn):
    assert sign_in_through(client, "bjorn")["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 200
    secret = BeautifulSoup(activate.content, "html.parser").find(id="totp-secret").text.strip()
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=bjorn, type=Authenticator.Type.TOTP).exists()


def ask_the_provider_again(client, user):
    """Later, with no second factor to confirm with, the portal sends the user to sign in
    through the provider again, and then on to the page they asked for."""
    sign_in_through(client, "bjorn")
    minutes_pass(client)
    activate = reverse("mfa_activate_totp")
    again = client.get(activate)
    login_url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    assert again["Location"] == f"{login_url}?next={activate.replace('/', '%2F')}"
    page = client.get(again["Location"])
    assert "Logg inn med Molde kommune" in page.content.decode()
    assert sign_in_through(client, "bjorn", next_url=activate)["Location"] == activate
    assert client.get(activate).status_code == 200


def test_later_without_a_second_factor_the_provider_is_asked_again(client, provider, bjorn):
    bjorn.groups.set([Group.objects.get(name=Role.BOARD_MEMBER)])
    ask_the_provider_again(client, bjorn)


def test_later_a_required_role_without_a_second_factor_asks_the_provider_again(
    client, provider, bjorn
):
    ask_the_provider_again(client, bjorn)


def test_later_with_an_app_its_code_confirms_it_is_them(client, provider, bjorn):
    secret = give_authenticator_app(bjorn)
    assert sign_in_through(client, "bjorn-mfa")["Location"] == reverse("home")
    minutes_pass(client)
    again = client.get(DEACTIVATE)
    assert (
        again["Location"]
        == f"{reverse('mfa_reauthenticate')}?next={DEACTIVATE.replace('/', '%2F')}"
    )
    page = client.get(again["Location"])
    assert page.status_code == 200
    login_url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    assert alternatives(page) == {
        "Logg inn igjen med Molde kommune": f"{login_url}?next={DEACTIVATE.replace('/', '%2F')}"
    }
    assert html_errors({"mfa_reauthenticate": page.content.decode()}) == []

    confirmed = client.post(again["Location"], {"code": totp_code(secret)})
    assert confirmed["Location"] == DEACTIVATE
    client.post(DEACTIVATE)
    assert not Authenticator.objects.filter(user=bjorn, type=Authenticator.Type.TOTP).exists()
    removed = AccountEvent.objects.get(kind=AccountEvent.Kind.SECOND_FACTOR_REMOVED)
    assert (removed.username, removed.detail) == ("bjorn", "totp")
    # His role requires a second factor, but this sign-in gave two at the provider.
    assert client.get(reverse("home")).status_code == 200


def test_later_with_an_app_signing_in_again_through_the_provider_confirms_it_too(
    client, provider, bjorn
):
    give_authenticator_app(bjorn)
    sign_in_through(client, "bjorn-mfa")
    minutes_pass(client)
    assert client.get(DEACTIVATE).status_code == 302
    assert sign_in_through(client, "bjorn-mfa", next_url=DEACTIVATE)["Location"] == DEACTIVATE
    assert client.get(DEACTIVATE).status_code == 200
