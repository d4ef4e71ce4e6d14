"""The second-factor step of every sign-in (password or identity provider)."""

from allauth.mfa.stages import AuthenticateStage

from ror_portal.accounts.sign_in import two_factors_at_provider


class SecondFactorStage(AuthenticateStage):
    """allauth's: asks for the user's code or passkey, unless the identity provider
    says (amr) that the person has just given two factors there."""

    def handle(self) -> tuple:
        if two_factors_at_provider((self.login.signal_kwargs or {}).get("sociallogin")):
            return None, True
        return super().handle()
