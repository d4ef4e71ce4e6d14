"""The admin templates' Norwegian phrases that depend on the model (see
ror_portal/admin_site/language.py for the rule)."""

import datetime
import json
import re
from decimal import Decimal, InvalidOperation

from django import template
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext

from ror_portal import formatting
from ror_portal.admin_site import language as admin_language

register = template.Library()

SHORTENED = re.compile(r"\[(\d+) chars\]")


@register.simple_tag
def add_label(opts) -> str:
    return admin_language.add_label(opts)


@register.simple_tag
def save_and_add_another_label(opts) -> str:
    return admin_language.save_and_add_another_label(opts)


@register.filter
def label_tag(field) -> str:
    """A form field's label as the admin writes its own: capitalised ("Tall per:").
    The labels are lower case, as Django's verbose names, because messages name the
    field inside a sentence ("Fyll ut nummer på det nye møtet …")."""
    return field.label_tag(contents=capfirst(field.label))


@register.filter
def gendered_formset_data(inline_admin_formset) -> str:
    """Django's data for an inline's JavaScript, with the add link in the right gender."""
    data = json.loads(inline_admin_formset.inline_formset_data())
    inline = inline_admin_formset.opts
    data["options"]["addText"] = admin_language.add_another_label(
        inline.opts, str(inline.verbose_name)
    )
    return json.dumps(data)


@register.simple_tag
def history_value(value, field_label: str, opts):
    """A value in a history change's before → after, as the form shows it: django-
    simple-history gives it as text ("None", "True", "operating", "1200000.00").
    This is the one wording of history values for every admin; an admin adds only
    what the model cannot tell (budget.admin.CostItemHistoryHelper)."""
    field = _field_by_label(opts, str(field_label))
    if value in ("None", ""):
        return formatting.MISSING
    if SHORTENED.search(value):
        # A long text shortened in the middle: "Activ[36 chars]ogtjeneste".
        return SHORTENED.sub(lambda m: gettext("[%(count)s characters]") % {"count": m[1]}, value)
    if field is None:
        return value
    if field.flatchoices:
        labels = {str(code): label for code, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField) and value in ("True", "False"):
        return gettext("Yes") if value == "True" else gettext("No")
    if isinstance(field, models.DecimalField):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return value
        return formatting.format_number(number, field.decimal_places)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return formatting.format_date(datetime.date.fromisoformat(str(value)))
        except ValueError:
            return value
    return value


def _field_by_label(opts, label: str):
    # simple-history names a changed field by its capitalised verbose name.
    for field in opts.fields:
        if str(capfirst(field.verbose_name)) == label:
            return field
    return None
