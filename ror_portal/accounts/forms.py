"""The second-factor forms: the code of a sign-in and the answers that confirm it is you
(reauthentication), under the login lockout, and adding and renaming a passkey."""

from allauth.account.forms import ReauthenticateForm
from allauth.account.internal.stagekit import clear_login
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as CodeReauthenticateForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.utils.translation import gettext_lazy as _

from ror_portal.accounts.lockout import checked_reauthentication


class LockedAuthenticateForm(AuthenticateForm):
    """allauth's code form, refused while django-axes locks the username from this
    address. A wrong code counts as a wrong password (ror_portal.accounts.audit
    .wrong_code), and the failure that reaches the limit is answered with the lockout
    page, as for passwords."""

    def clean_code(self) -> str:
        request = context.request
        if locked_out(request, self.user):
            # The half-done sign-in is dropped, so the next attempt starts with the
            # password again.
            clear_login(request)
            raise forms.ValidationError("locked")
        return super().clean_code()


def locked_out(request, user) -> bool:
    """Whether django-axes locks the username from this address; if so, the axes
    middleware answers the request with the lockout page, whatever the code."""
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_locked(request, credentials):
        return False
    request.axes_locked_out = True
    request.axes_credentials = credentials
    return True


class LockedCodeReauthenticateForm(CodeReauthenticateForm):
    """allauth's code form for confirming it is you (/konto/2fa/reauthenticate/), under
    the lockout as at sign-in: refused while the username is locked from this address,
    a wrong code counts as a wrong password (ror_portal.accounts.audit.wrong_code), and
    the session is signed out after too many (checked_reauthentication)."""

    def clean_code(self) -> str:
        if locked_out(context.request, self.user):
            raise forms.ValidationError("locked")
        return checked_reauthentication(context.request, super().clean_code)


class LimitedPasswordReauthenticateForm(ReauthenticateForm):
    """allauth's password form for confirming it is you. django-axes counts a wrong
    password here as at the login page (allauth asks Django's authenticate); the
    session is signed out after too many (checked_reauthentication)."""

    def clean_password(self) -> str:
        return checked_reauthentication(context.request, super().clean_password)


class PasskeyNameMixin(forms.Form):
    """allauth's passkey forms, with the name field labelled for the person naming it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the passkey")
        self.fields["name"].help_text = _("For example “YubiKey” or “My laptop”.")


class NamedAddWebAuthnForm(PasskeyNameMixin, AddWebAuthnForm):
    pass


class NamedEditWebAuthnForm(PasskeyNameMixin, EditWebAuthnForm):
    pass
