"""Single sign-on through a real OpenID Connect provider (tests/sso/idp.mjs) with the test
client: only the account an administrator made, with the same verified e-mail address,
is signed in; nothing is ever created."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group, User
from django.urls import reverse

from ror_portal.accounts.models import AccountEvent
from ror_portal.roles import Role
from tests.factories import UserFactory
from tests.sso.provider import PROVIDER_ID, account, identity_provider, sign_in_through
from tests.totp import give_authenticator_app, totp_code

pytestmark = pytest.mark.django_db

ACCOUNTS = {
    "bjorn": account("bjorn.styre@molde.kommune.no"),
    "bjorn-mfa": account("bjorn.styre@molde.kommune.no", amr=("pwd", "mfa")),
    "ukjent": account("ukjent@molde.kommune.no"),
    "uverifisert": account("bjorn.styre@molde.kommune.no", verified=False),
}


@pytest.fixture
def provider(settings):
    with identity_provider(accounts=ACCOUNTS, portal_urls=["http://testserver"]) as running:
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [running.app()]}}
        yield running


@pytest.fixture
def bjorn(db):
    return UserFactory(
        username="bjorn", email="Bjorn.Styre@molde.kommune.no", role=Role.BOARD_MEMBER
    )


def test_a_known_user_is_signed_in_and_linked_once(client, provider, bjorn):
    response = sign_in_through(client, "bjorn")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(bjorn.pk)
    link = SocialAccount.objects.get()
    assert (link.user, link.provider) == (bjorn, PROVIDER_ID)
    events = list(AccountEvent.objects.order_by("at").values_list("kind", "username", "provider"))
    assert events == [
        (AccountEvent.Kind.PROVIDER_LINKED, "bjorn", "Molde kommune"),
        (AccountEvent.Kind.SIGNED_IN, "bjorn", "Molde kommune"),
    ]

    client.post(reverse("logout"))
    assert sign_in_through(client, "bjorn")["Location"] == reverse("home")
    assert SocialAccount.objects.count() == 1
    assert User.objects.count() == 1
    bjorn.refresh_from_db()
    assert list(bjorn.groups.values_list("name", flat=True)) == [Role.BOARD_MEMBER]


def test_the_sign_in_goes_on_to_the_page_asked_for(client, provider, bjorn):
    response = sign_in_through(client, "bjorn", next_url="/tilgjengelighet/")
    assert response["Location"] == "/tilgjengelighet/"


def test_an_unknown_address_is_refused_in_norwegian_and_nothing_is_made(client, provider, bjorn):
    response = sign_in_through(client, "ukjent")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Det finnes ingen bruker i ROR Portal med e-postadressen ukjent@molde.kommune.no" in page
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 1
    assert not SocialAccount.objects.exists()


def test_an_unverified_address_is_refused(client, provider, bjorn):
    response = sign_in_through(client, "uverifisert")
    assert response.status_code == 403
    assert "har ikke bekreftet e-postadressen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_an_inactive_account_is_refused(client, provider, bjorn):
    bjorn.is_active = False
    bjorn.save()
    assert sign_in_through(client, "bjorn").status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.fixture
def finance_bjorn(bjorn, settings):
    """Bjørn in a role that requires a second factor."""
    settings.MFA_REQUIRED_ROLES = [Role.FINANCE]
    bjorn.groups.set([Group.objects.get(name=Role.FINANCE)])
    return bjorn


def test_two_factors_at_the_provider_count_as_the_portals(client, provider, finance_bjorn):
    assert sign_in_through(client, "bjorn-mfa")["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    signed_in = AccountEvent.objects.get(kind=AccountEvent.Kind.SIGNED_IN)
    assert signed_in.detail == "provider"


def test_one_factor_at_the_provider_leads_to_the_portals_own(client, provider, finance_bjorn):
    assert sign_in_through(client, "bjorn")["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")


def test_a_user_with_an_app_gives_its_code_after_a_one_factor_provider(client, provider, bjorn):
    secret = give_authenticator_app(bjorn)
    response = sign_in_through(client, "bjorn")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(bjorn.pk)


def test_a_two_factor_provider_needs_no_code_of_the_portals(client, provider, bjorn):
    give_authenticator_app(bjorn)
    assert sign_in_through(client, "bjorn-mfa")["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(bjorn.pk)


def test_linking_a_provider_to_the_signed_in_user_is_refused(client, provider, bjorn):
    """allauth's "connect" would link whatever account the provider signs in to the
    signed-in user, past the e-mail rule: links are made at sign-in only."""
    client.force_login(UserFactory(username="annen", email="annen@molde.kommune.no"))
    response = sign_in_through(client, "bjorn", process="connect")
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()
