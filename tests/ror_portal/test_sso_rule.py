"""The one rule of signing in through an identity provider (ror_portal.accounts.sign_in
.portal_user_for): only the active portal account with the same verified e-mail address,
from the configured issuer; never a new user, never a role."""

import pytest
from django.contrib.auth.models import User

from ror_portal.accounts.sign_in import (
    Identity,
    SignInRefused,
    portal_user_for,
    provider_gave_two_factors,
)
from ror_portal.accounts.sso import openid_connect_app
from ror_portal.roles import Role
from tests.factories import UserFactory

ISSUER = "https://login.microsoftonline.com/6f1c2d3e-0000-4000-8000-000000000001/v2.0"


def identity(*, domains=(), two_factor_amr=("mfa",), **claims) -> Identity:
    app = openid_connect_app(
        provider_id="molde",
        name="Molde kommune",
        issuer=ISSUER,
        client_id="id",
        secret="secret",
        email_domains=domains,
        two_factor_amr=two_factor_amr,
    )
    return Identity(claims={"iss": ISSUER, **claims}, provider=app["settings"])


@pytest.fixture
def anne(db):
    return UserFactory(username="anne", email="Anne.Aas@Molde.kommune.no", role=Role.FINANCE)


@pytest.mark.parametrize(
    ("claims", "domains"),
    [
        ({"email": "anne.aas@molde.kommune.no", "email_verified": True}, ()),
        ({"email": "ANNE.AAS@molde.kommune.no", "email_verified": "true"}, ()),
        # Entra ID sends no email_verified: the tenant's own domains vouch for it.
        ({"email": "anne.aas@molde.kommune.no"}, ("molde.kommune.no",)),
        ({"email": "anne.aas@molde.kommune.no", "email_verified": True}, ("molde.kommune.no",)),
    ],
)
def test_the_account_with_the_verified_address_is_found(anne, claims, domains):
    assert portal_user_for(identity(domains=domains, **claims)) == anne


@pytest.mark.parametrize(
    ("claims", "domains", "message"),
    [
        ({"email": "anne.aas@molde.kommune.no", "email_verified": False}, (), "not verified"),
        ({"email": "anne.aas@molde.kommune.no", "email_verified": "false"}, (), "not verified"),
        ({"email": "anne.aas@molde.kommune.no"}, (), "not verified"),
        # verified false wins over the domain
        (
            {"email": "anne.aas@molde.kommune.no", "email_verified": False},
            ("molde.kommune.no",),
            "not verified",
        ),
        # an address outside the tenant's domains, whatever it says
        (
            {"email": "anne.aas@molde.kommune.no", "email_verified": True},
            ("rauma.kommune.no",),
            "not verified",
        ),
        ({"email_verified": True}, (), "no e-mail address"),
        ({"email": "nobody@molde.kommune.no", "email_verified": True}, (), "no user"),
        ({"iss": "https://evil.example/", "email": "anne.aas@molde.kommune.no"}, (), "configured"),
    ],
)
def test_anything_else_is_refused(anne, claims, domains, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(SignInRefused, match=message):
        portal_user_for(identity(domains=domains, **claims))


def test_an_inactive_account_is_not_found(anne):
    anne.is_active = False
    anne.save()
    with pytest.raises(SignInRefused):
        portal_user_for(identity(email="anne.aas@molde.kommune.no", email_verified=True))


def test_two_accounts_with_one_address_are_refused_rather_than_guessed(anne):
    UserFactory(username="anne2", email="anne.aas@molde.kommune.no")
    with pytest.raises(SignInRefused):
        portal_user_for(identity(email="anne.aas@molde.kommune.no", email_verified=True))


def test_finding_changes_nothing(anne):
    before = list(User.objects.values())
    portal_user_for(identity(email="anne.aas@molde.kommune.no", email_verified=True))
    assert list(User.objects.values()) == before
    assert list(anne.groups.values_list("name", flat=True)) == [Role.FINANCE]


@pytest.mark.parametrize(
    ("amr", "configured", "two"),
    [
        (["pwd", "mfa"], ("mfa",), True),
        (["pwd"], ("mfa",), False),
        ("mfa", ("mfa",), True),
        (None, ("mfa",), False),
        # ID-porten names the means: its two-factor ones are configured
        (["BankID"], ("BankID", "MinID"), True),
    ],
)
def test_the_providers_amr_says_whether_it_gave_two_factors(amr, configured, two):
    assert provider_gave_two_factors(identity(amr=amr, two_factor_amr=configured)) is two
