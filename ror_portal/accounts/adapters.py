"""django-allauth's adapters for the portal: nobody signs up, and a sign-in through an
identity provider only finds the account an administrator made (ror_portal.accounts
.sign_in.portal_user_for)."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
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
