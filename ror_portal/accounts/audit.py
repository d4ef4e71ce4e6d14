"""The accounts' audit trail (AccountEvent), written from django-allauth's signals: each
sign-in with how it was made, each second factor set up or removed, each identity
provider linked. Also where a wrong second-factor code counts against the login lockout."""

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.signals import user_logged_in
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from allauth.socialaccount import signals as social_signals
from django.contrib.auth.signals import user_login_failed

from ror_portal.accounts.models import AccountEvent
from ror_portal.accounts.sign_in import PROVIDER_TWO_FACTORS, two_factors_at_provider
from ror_portal.client_address import client_address

Kind = AccountEvent.Kind


def record(request, user, kind: str, *, by=None, provider: str = "", detail: str = "") -> None:
    AccountEvent.objects.create(
        kind=kind,
        user=user,
        username=user.get_username(),
        by=by,
        provider=provider,
        detail=detail,
        client_address=client_address(request) if request is not None else None,
    )


def second_factor_used(request, user) -> str:
    """The type of the second factor this sign-in used, from allauth's records."""
    for entry in reversed(get_authentication_records(request, user)):
        if entry.get("method") == "mfa":
            return str(entry.get("type", ""))
    return ""


def signed_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    by_provider = two_factors_at_provider(sociallogin)
    # Written at every sign-in, so that no earlier sign-in's answer is kept.
    request.session[PROVIDER_TWO_FACTORS] = by_provider
    record(
        request,
        user,
        Kind.SIGNED_IN,
        provider=sociallogin.provider.name if sociallogin is not None else "",
        detail="provider" if by_provider else second_factor_used(request, user),
    )


def factor_added(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        record(request, user, Kind.SECOND_FACTOR_ADDED, detail=authenticator.type)


def factor_removed(sender, request, user, authenticator, **kwargs) -> None:
    record(request, user, Kind.SECOND_FACTOR_REMOVED, detail=authenticator.type)


def codes_renewed(sender, request, user, authenticator, **kwargs) -> None:
    record(request, user, Kind.RECOVERY_CODES_RENEWED, detail=authenticator.type)


def provider_linked(sender, request, sociallogin, **kwargs) -> None:
    record(request, sociallogin.user, Kind.PROVIDER_LINKED, provider=sociallogin.provider.name)


def provider_unlinked(sender, request, socialaccount, **kwargs) -> None:
    provider = socialaccount.get_provider(request).name
    record(request, socialaccount.user, Kind.PROVIDER_UNLINKED, provider=provider)


def wrong_code(sender, request, user, **kwargs) -> None:
    """A wrong second-factor code, at sign-in or to confirm it is you, counts as a wrong
    password for the login lockout (django-axes counts Django's user_login_failed), so
    that five wrong codes lock the username from that address as five wrong passwords do."""
    if request is not None:
        user_login_failed.send(
            sender=Authenticator, credentials={"username": user.get_username()}, request=request
        )


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="ror_signed_in")
    mfa_signals.authenticator_added.connect(factor_added, dispatch_uid="ror_factor_added")
    mfa_signals.authenticator_removed.connect(factor_removed, dispatch_uid="ror_factor_removed")
    mfa_signals.authenticator_reset.connect(codes_renewed, dispatch_uid="ror_codes_renewed")
    mfa_signals.authentication_failed.connect(wrong_code, dispatch_uid="ror_wrong_code")
    social_signals.social_account_added.connect(provider_linked, dispatch_uid="ror_linked")
    social_signals.social_account_removed.connect(provider_unlinked, dispatch_uid="ror_unlinked")
