"""Amounts typed and pasted the Norwegian way: read exactly, or refused with a message
that names the field. Never a figure of another magnitude."""

from decimal import Decimal

import pytest
from django import forms

from ror_portal.forms import AmountError, KronerField, parse_amount

NBSP, THIN, NARROW = "\u00a0", "\u2009", "\u202f"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("4 512 300,50", "4512300.50"),
        (f"4{NBSP}512{NBSP}300,50", "4512300.50"),
        (f"4{THIN}512{THIN}300,50", "4512300.50"),
        (f"4{NARROW}512{NARROW}300,50", "4512300.50"),
        ("4512300,50", "4512300.50"),
        ("4512300,5", "4512300.50"),
        ("\u22121 250", "-1250"),
        ("-1250", "-1250"),
        ("4512300.50", "4512300.50"),
        ("4 512 300.5", "4512300.50"),
        ("4 512 300,50 kr", "4512300.50"),
        ("1250kr", "1250"),
        ("1.250.000,50", "1250000.50"),
        ("1.250.000", "1250000"),
        ("  54 000 000,00  ", "54000000"),
        ("0", "0"),
        ("999", "999"),
    ],
)
def test_norwegian_amounts_are_read_exactly(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    "typed",
    [
        "1.250.000,5,0",
        "12,34,56",
        "mye",
        "12a",
        "1,250.50",  # English grouping: the comma would be read as decimals
        "1.250 000",  # spaces and dots mixed
        "45 12",  # a group of two
        "1 2345",
        "1,",
        ",50",
        "kr",
        "--5",
        "1e6",
        "\u0661\u0662\u0663",  # Arabic-Indic digits: Decimal would read 123
        "12,\u0665\u0660",
        "1 \u0662\u0663\u0664",
        "12.\u0665",
        "²",
    ],
)
def test_malformed_amounts_are_refused(typed):
    with pytest.raises(AmountError, match="ikke et beløp"):
        parse_amount(typed)


def test_a_dot_before_three_digits_is_ambiguous_and_refused():
    with pytest.raises(AmountError, match="tvetydig: skriv 1250 for tusen"):
        parse_amount("1.250")


@pytest.mark.parametrize("typed", ["12,345", "1 250,505", "4512300.505"])
def test_more_decimals_than_the_field_has_are_refused(typed):
    with pytest.raises(AmountError, match="mer enn 2 desimaler"):
        parse_amount(typed)


def test_nothing_typed_is_no_amount():
    assert parse_amount("") is None
    assert parse_amount("   ") is None


class BudgetForm(forms.Form):
    annual_budget = KronerField(label="Årsbudsjett")
    note = forms.CharField(required=False, max_length=3)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,34,56", "Årsbudsjett: «12,34,56» er ikke et beløp."),
        ("1.250", "Årsbudsjett: «1.250» er tvetydig"),
        ("1,234", "Årsbudsjett: «1,234» har mer enn 2 desimaler."),
        ("", "Årsbudsjett: Feltet er påkrevet."),
    ],
)
def test_every_error_names_the_field(typed, message):
    form = BudgetForm({"annual_budget": typed})
    assert not form.is_valid()
    assert form.errors["annual_budget"][0].startswith(message)


def test_the_input_is_text_with_a_decimal_keypad_never_a_number_input():
    html = str(BudgetForm()["annual_budget"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'type="number"' not in html


def test_a_stored_amount_is_shown_back_the_norwegian_way():
    form = BudgetForm(initial={"annual_budget": Decimal("4512300.50")})
    assert f'value="4{NBSP}512{NBSP}300,50"' in str(form["annual_budget"])
    negative = BudgetForm(initial={"annual_budget": Decimal("-1250")})
    assert 'value="\u22121\xa0250,00"' in str(negative["annual_budget"])


def test_a_valid_amount_comes_back_formatted_beside_another_fields_error():
    form = BudgetForm({"annual_budget": "4512300.5", "note": "too long"})
    assert not form.is_valid()
    assert f'value="4{NBSP}512{NBSP}300,50"' in str(form["annual_budget"])


def test_a_refused_amount_comes_back_as_typed_to_be_corrected():
    form = BudgetForm({"annual_budget": "12,34,56"})
    assert not form.is_valid()
    assert 'value="12,34,56"' in str(form["annual_budget"])


def test_the_norwegian_redisplay_reads_back_to_the_same_amount():
    shown = BudgetForm(initial={"annual_budget": Decimal("-4512300.50")})["annual_budget"].value()
    text = BudgetForm.base_fields["annual_budget"].widget.format_value(shown)
    assert parse_amount(text) == Decimal("-4512300.50")


def _decimal_fields(model):
    from django.db import models

    return [f for f in model._meta.get_fields() if isinstance(f, models.DecimalField)]


def test_every_amount_field_of_every_admin_form_and_inline_is_norwegian_text(rf, administrator):
    """No admin form anywhere offers a DecimalField as <input type="number">."""
    from django.contrib.admin import site as admin_site

    from ror_portal.forms import AmountInput

    request = rf.get("/")
    request.user = administrator
    checked = []
    for model, model_admin in admin_site._registry.items():
        admins = [(model, model_admin)] + [
            (inline.model, inline) for inline in model_admin.get_inline_instances(request)
        ]
        for form_model, form_admin in admins:
            fields = _decimal_fields(form_model)
            if not fields:
                continue
            if hasattr(form_admin, "get_formset"):
                form = form_admin.get_formset(request).form
            else:
                form = form_admin.get_form(request)
            for field in fields:
                if field.name in form.base_fields:
                    widget = form.base_fields[field.name].widget
                    assert isinstance(widget, AmountInput), (form_model, field.name)
                    checked.append(f"{form_model._meta.label}.{field.name}")
    assert {
        "budget.BudgetLine.annual_budget",
        "budget.MonthlyBudget.amount",
        "budget.CostItem.amount",
        "budget.AllocationShare.percent",
        "security.SecurityAgreement.establishment_cost",
        "security.SecurityAgreement.consultants_per_year",
        "security.PriceTier.monthly_price",
    } <= set(checked)


def test_the_security_agreements_history_shows_amounts_the_norwegian_way(client_for):
    from django.urls import reverse

    from ror_portal.roles import Role
    from security.models import SecurityAgreement

    agreement = SecurityAgreement.objects.create(
        vendor="Atea",
        service="SOC+",
        first_year=2024,
        establishment_cost=Decimal(200000),
        consultants_per_year=Decimal(200000),
    )
    agreement.establishment_cost = Decimal("212500.50")
    agreement.save()
    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:security_securityagreement_history", args=[agreement.pk])
    html = client.get(url).content.decode()
    assert f"200{NBSP}000,00" in html and f"212{NBSP}500,50" in html
    html = client.get(
        reverse("admin:security_securityagreement_change", args=[agreement.pk])
    ).content.decode()
    assert f'value="212{NBSP}500,50"' in html
