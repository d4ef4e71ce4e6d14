"""The second-factor forms: the code of a sign-in, under the login lockout, and adding and
renaming a passkey."""

from allauth.account.internal.stagekit import clear_login
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.utils.translation import gettext_lazy as _


class LockedAuthenticateForm(AuthenticateForm):
    """allauth's code form, refused while django-axes locks the username from this
    address. A wrong code counts as a wrong password (ror_portal.accounts.audit
    .wrong_code), and the failure that reaches the limit is answered with the lockout
    page, as for passwords."""

    def clean_code(self) -> str:
        request = context.request
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            # The axes middleware answers with the lockout page; the half-done sign-in
            # is dropped, so the next attempt starts with the password again.
            request.axes_locked_out = True
            request.axes_credentials = credentials
            clear_login(request)
            raise forms.ValidationError("locked")
        return super().clean_code()


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
