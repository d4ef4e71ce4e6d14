from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Autofocus would skip the skip link, the heading and the introduction for
        # keyboard and screen-reader users; the page starts at the top instead.
        self.fields["username"].widget.attrs.pop("autofocus", None)

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong username or password. Both are case-sensitive. "
            "Forgot your password? Use the link below to set a new one."
        ),
    }


class KronerField(forms.DecimalField):
    """An amount as Norwegians type it: "1 250 000,50", "1250000.50", "−12"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = (
                value.strip()
                .replace("\xa0", "")
                .replace(" ", "")
                .replace("\u2212", "-")
                .replace(",", ".")
                .removesuffix("kr")
            )
        return super().to_python(value)


# For a ModelAdmin: every amount typed the Norwegian way ("1 250 000,50").
KRONER_FIELDS = {models.DecimalField: {"form_class": KronerField}}
