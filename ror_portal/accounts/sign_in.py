"""The sign-in rules: who may sign in through a municipality's identity provider, and
who needs a second factor.

Single sign-on never makes an account and never gives a role: an administrator makes
the portal account, with the person's e-mail address, and gives its roles; a sign-in
through an identity provider only finds that account.
"""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ror_portal.roles import Role, roles_of

# In the session: the identity provider gave this sign-in its second factor.
PROVIDER_TWO_FACTORS = "ror_two_factors_by_provider"
# What counts as a second factor of the portal's own (recovery codes only stand in).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


class SignInRefused(Exception):
    """Why an identity provider's person is not let in, in words for that person."""


@dataclass(frozen=True)
class Identity:
    """What an identity provider said about a person, and what the portal trusts of it."""

    claims: dict
    provider: dict  # the app's settings (ror_portal.accounts.sso.openid_connect_app)

    @classmethod
    def of(cls, sociallogin) -> "Identity":
        """From django-allauth's sign-in through an OpenID Connect provider."""
        extra_data = sociallogin.account.extra_data
        # The ID token's claims win over userinfo's: the issuer and amr are in the token.
        claims = {**extra_data.get("userinfo", {}), **extra_data.get("id_token", {})}
        return cls(claims=claims, provider=sociallogin.provider.app.settings)

    @property
    def email(self) -> str:
        return str(self.claims.get("email") or "").strip()


def _truth(value) -> bool | None:
    """A claim's yes or no (some providers send "true" as text), None when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def verified_email(identity: Identity) -> str:
    """The e-mail address the provider vouches for, or SignInRefused.

    The provider must be the configured issuer. With e-mail domains configured (an
    Entra ID tenant: its own domains), the address must be in one of them, because a
    tenant's e-mail claim is only checked for the domains it owns; a provider that says
    email_verified false is refused either way; without domains, email_verified must be
    true.
    """
    if identity.claims.get("iss") != identity.provider.get("issuer"):
        raise SignInRefused(_("The identity provider is not the one configured."))
    email = identity.email
    if "@" not in email:
        raise SignInRefused(_("The identity provider sent no e-mail address."))
    verified = _truth(identity.claims.get("email_verified"))
    domains = identity.provider.get("email_domains") or []
    in_domains = email.rsplit("@", 1)[1].lower() in domains
    if verified is False or (domains and not in_domains) or (not domains and not verified):
        raise SignInRefused(
            _("The identity provider has not verified the e-mail address %(email)s.")
            % {"email": email}
        )
    return email


def portal_user_for(identity: Identity) -> AbstractBaseUser:
    """The one active portal account with the identity's verified e-mail address.

    Never creates a user, never changes one: the account and its roles are made by an
    administrator beforehand."""
    email = verified_email(identity)
    users = list(get_user_model()._default_manager.filter(email__iexact=email, is_active=True)[:2])
    if not users:
        raise SignInRefused(
            _(
                "There is no user in ROR Portal with the e-mail address %(email)s. "
                "Ask an administrator at ROR-IKT to make one."
            )
            % {"email": email}
        )
    if len(users) > 1:
        raise SignInRefused(
            _(
                "Several users in ROR Portal have the e-mail address %(email)s. "
                "Ask an administrator at ROR-IKT to sort it out."
            )
            % {"email": email}
        )
    return users[0]


def provider_gave_two_factors(identity: Identity) -> bool:
    """Whether the provider says the person signed in with two factors (its amr)."""
    amr = identity.claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(amr) & set(identity.provider.get("two_factor_amr") or []))


def two_factors_at_provider(sociallogin) -> bool:
    """Whether this sign-in (django-allauth's, None for a password) was made with two
    factors at the identity provider."""
    return sociallogin is not None and provider_gave_two_factors(Identity.of(sociallogin))


def second_factor_required(user) -> bool:
    """Whether the user's roles (MFA_REQUIRED_ROLES) require a second factor."""
    return bool(roles_of(user) & {Role(name) for name in settings.MFA_REQUIRED_ROLES})


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def must_set_up_second_factor(request) -> bool:
    """A signed-in user whose roles require a second factor and who has none (and did
    not get one from the identity provider at this sign-in): to be set up first."""
    user = request.user
    return (
        user.is_authenticated
        and second_factor_required(user)
        and not request.session.get(PROVIDER_TWO_FACTORS)
        and not has_second_factor(user)
    )
