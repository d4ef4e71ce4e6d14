import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ror_portal.dates import no_such_date
from ror_portal.formatting import format_number


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


# --- Amounts as Norwegians type them ------------------------------------------------

# Between groups of thousands: a space, a no-break space, a thin space or a narrow
# no-break space (what Word and the portal's own figures put there).
_SPACES = " \u00a0\u2009\u202f"
# Digits are 0–9 only: Python's \d and Decimal take any script's digits ("١٢٣" is 123).
_PLAIN = r"[0-9]+"
_SPACED = rf"[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+"
_DOTTED = r"[0-9]{1,3}(?:\.[0-9]{3})+"
_WHOLE = re.compile(rf"{_PLAIN}|{_SPACED}|{_DOTTED}")
_WHOLE_WITHOUT_DOTS = re.compile(rf"{_PLAIN}|{_SPACED}")
_DIGITS = re.compile(_PLAIN)
_SIGN = re.compile(rf"^[-\u2212][{_SPACES}]*")
_KRONER = re.compile(rf"[{_SPACES}]*kr\.?$", re.IGNORECASE)


class AmountError(ValueError):
    """Why a typed amount is refused, already in words for the person who typed it."""


def parse_amount(text: str, *, decimal_places: int = 2) -> Decimal | None:
    """An amount as a Norwegian types or pastes it, or None when nothing is typed.

    The rule, chosen so that a figure never changes magnitude:

    - Comma is the decimal separator: ``4512300,50``. At most ``decimal_places`` digits
      follow it.
    - Thousands are grouped by a space, a no-break space (U+00A0), a thin space (U+2009)
      or a narrow no-break space (U+202F), or by dots when a comma or a second dot shows
      that they cannot be a decimal point: ``4 512 300,50``, ``1.250.000,50``,
      ``1.250.000``. Groups after the first have exactly three digits.
    - A single dot with one or two digits after it is a decimal point (a figure copied
      from an English program): ``4512300.50``, ``4 512 300.5``.
    - A single dot between one to three digits and exactly three (``1.250``) is
      refused as ambiguous: it is 1 250 to a Norwegian and 1,25 to a spreadsheet.
    - Minus is ``-`` or ``−`` (U+2212) in front; ``kr`` may follow.
    - Anything else (letters, two commas, a dot after the comma, groups of other sizes,
      spaces and dots mixed) is refused.
    """
    value = text.strip()  # str.strip() takes the no-break and thin spaces too
    if not value:
        return None
    value = _KRONER.sub("", value)
    sign = _SIGN.match(value)
    negative = sign is not None
    if sign:
        value = value[sign.end() :]
    whole, fraction = _split_decimals(value, text)
    if fraction and not _DIGITS.fullmatch(fraction):
        raise AmountError(_not_an_amount(text))
    if len(fraction) > decimal_places:
        if not decimal_places:
            raise AmountError(gettext("“%(value)s” is not whole kroner.") % {"value": text.strip()})
        raise AmountError(
            gettext("“%(value)s” has more than %(places)s decimals.")
            % {"value": text.strip(), "places": decimal_places}
        )
    digits = re.sub(rf"[{_SPACES}.]", "", whole)
    number = Decimal(f"{digits}.{fraction}" if fraction else digits)
    return -number if negative else number


def _split_decimals(value: str, text: str) -> tuple[str, str]:
    """The whole kroner (as typed, separators included) and the decimals' digits."""
    if value.count(",") == 1:
        whole, fraction = value.split(",")
        if _WHOLE.fullmatch(whole) and fraction:
            return whole, fraction
        raise AmountError(_not_an_amount(text))
    if "," in value:
        raise AmountError(_not_an_amount(text))
    if value.count(".") == 1:
        whole, fraction = value.split(".")
        if _WHOLE_WITHOUT_DOTS.fullmatch(whole) and _DIGITS.fullmatch(fraction):
            # "1.250" may be thousands; "4512300.505" and "4 512.505" cannot be.
            if len(fraction) == 3 and len(whole) <= 3:
                raise AmountError(
                    gettext(
                        "“%(value)s” is ambiguous: write %(thousands)s for thousands, "
                        "or a comma before the øre."
                    )
                    % {
                        "value": text.strip(),
                        "thousands": whole + fraction,
                    }
                )
            return whole, fraction
    if _WHOLE.fullmatch(value):
        return value, ""
    raise AmountError(_not_an_amount(text))


def _not_an_amount(text: str) -> str:
    return gettext(
        "“%(value)s” is not an amount. Type it as 4 512 300,50: a space or nothing "
        "between the thousands, a comma before the øre."
    ) % {"value": text.strip()}


class DateField(forms.DateField):
    """A date typed the Norwegian way. One written so that does not exist (31.02.2024)
    is told that it does not, not asked to be written as it is written."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            reason = no_such_date(value) if isinstance(value, str) else None
            if reason is None:
                raise
            raise ValidationError(reason, code="invalid") from None


class AmountInput(forms.TextInput):
    """Text, never ``type="number"``: a browser would drop the spaces and the comma of
    "4 512 300,50" before the server saw them. ``inputmode`` still gives a phone the
    number pad."""

    def __init__(self, attrs=None, decimal_places: int = 2):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.decimal_places = decimal_places

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return format_number(value, self.decimal_places)
        return super().format_value(value)


class KronerField(forms.DecimalField):
    """An amount typed the Norwegian way (see ``parse_amount`` for the rule), shown back
    the Norwegian way: ``4 512 300,50``. Every error names the field."""

    widget = AmountInput

    def __init__(self, *, max_digits=14, decimal_places=2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        self.widget.decimal_places = self.decimal_places

    def to_python(self, value):
        if isinstance(value, str):
            try:
                value = parse_amount(value, decimal_places=self.decimal_places)
            except AmountError as error:
                raise ValidationError(str(error), code="invalid") from None
        value = super().to_python(value)
        if value is not None and value.is_finite() and self.max_digits is not None:
            # Said before Django's count of digits in total, and in the words of the
            # field's own limit: what fits in the database column.
            whole_digits = self.max_digits - (self.decimal_places or 0)
            if value.adjusted() + 1 > whole_digits:
                raise ValidationError(
                    gettext("The amount is too large: at most %(digits)s digits before the comma.")
                    % {"digits": whole_digits},
                    code="max_whole_digits",
                )
        return value

    def prepare_value(self, value):
        # A valid figure re-shown after another field's error comes back formatted;
        # what cannot be read stays as it was typed, to be corrected.
        if isinstance(value, str):
            try:
                return parse_amount(value, decimal_places=self.decimal_places)
            except AmountError:
                return value
        return value

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            if not self.label:
                raise
            raise ValidationError(
                [
                    gettext("%(field)s: %(message)s") % {"field": self.label, "message": message}
                    for message in error.messages
                ]
            ) from None


# For a ModelAdmin: every amount typed the Norwegian way ("1 250 000,50").
KRONER_FIELDS: dict[type[models.Field], dict[str, Any]] = {
    models.DecimalField: {"form_class": KronerField}
}


def money_column(model: type[models.Model], field_name: str):
    """A change list column showing a stored amount the Norwegian way (4 512 300,50),
    sortable by the field: ``list_display = ["name", money_column(BudgetLine, "amount")]``,
    or as an attribute named in ``readonly_fields``."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.DecimalField):
        raise TypeError(f"{model.__name__}.{field_name} is no amount (a DecimalField).")

    @admin.display(description=field.verbose_name, ordering=field_name)
    def column(*args):
        # (obj) in list_display, (model_admin, obj) when kept as an admin attribute
        return format_number(getattr(args[-1], field_name), field.decimal_places)

    column.__name__ = field_name  # the column's CSS class, as for a field
    return column
