"""django-allauth's adapters for the portal: nobody signs up, and a sign-in through an
identity provider only finds the account an administrator made (ror_portal.accounts
.sign_in.portal_user_for)."""

import logging
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_socialaccount_adapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.base import AuthProcess
from django.shortcuts import render
from django.utils.translation import gettext as _

from ror_portal.accounts.sign_in import Identity, SignInRefused, portal_user_for

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        # The portal's stage in place of allauth's: it knows when the identity provider
        # has already asked for a second factor.
        return [
            "ror_portal.accounts.stages.SecondFactorStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A sign-in through an identity provider counts as given again for allauth's few
        # minutes, as the password typed on the login page does (PortalLoginView): a user
        # without a password can set up a second factor right after signing in.
        if signed_in_through_provider_just_now(context.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_reauthentication_methods(self, user) -> list[dict]:
        """allauth's (the password, the second factor), and signing in again through
        each identity provider the user is linked to: the only way for a user who signs
        in through their municipality alone and has no second factor yet."""
        methods = super().get_reauthentication_methods(user)
        if not user.is_authenticated:
            return methods
        providers = get_socialaccount_adapter().list_providers(context.request)
        configured = {provider.sub_id: provider for provider in providers}
        for provider_id in SocialAccount.objects.filter(user=user).values_list(
            "provider", flat=True
        ):
            if provider := configured.get(provider_id):
                methods.append(
                    {
                        "id": f"socialaccount:{provider_id}",
                        "description": _("Log in again with %(name)s") % {"name": provider.name},
                        "url": provider.get_login_url(context.request),
                    }
                )
        return methods


def signed_in_through_provider_just_now(request) -> bool:
    """Whether this session signed in through an identity provider within allauth's
    re-authentication time (ACCOUNT_REAUTHENTICATION_TIMEOUT)."""
    if request is None or not request.user.is_authenticated:
        return False
    return any(
        record.get("method") == "socialaccount"
        and time.time() - record["at"] < account_settings.REAUTHENTICATION_TIMEOUT
        for record in get_authentication_records(request, request.user)
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        """Every sign-in and every link goes to the account with the verified e-mail
        address: found here, linked the first time (the audit trail records it)."""
        try:
            if sociallogin.state.get("process") != AuthProcess.LOGIN:
                # Linking to the signed-in user (allauth's "connect") would pass by the
                # e-mail rule: links are made here only.
                raise SignInRefused(_("Sign in from the login page."))
            user = portal_user_for(Identity.of(sociallogin))
            if sociallogin.is_existing and sociallogin.user.pk != user.pk:
                # Linked before to an account that no longer has this address.
                raise SignInRefused(
                    _(
                        "Your sign-in is linked to another user in ROR Portal. Ask an "
                        "administrator at ROR-IKT to sort it out."
                    )
                )
        except SignInRefused as refusal:
            logger.warning(
                "Sign-in through %s refused for %r: %s",
                sociallogin.account.provider,
                Identity.of(sociallogin).email,
                refusal,
            )
            raise ImmediateHttpResponse(
                render(
                    request,
                    "socialaccount/refused.html",
                    {"reason": str(refusal), "provider": sociallogin.provider.name},
                    status=403,
                )
            ) from None
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
