import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats

from ror_portal.formatting import (
    format_date,
    format_millions,
    format_money,
    format_number,
    format_percent,
    month_label,
)

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("1938000"), 0, "1 938 000"),
        (Decimal("-1938000"), 0, "−1 938 000"),
        (Decimal("999"), 0, "999"),
        (Decimal("1000"), 0, "1 000"),
        (Decimal("0"), 0, "0"),
        (Decimal("1.675"), 2, "1,68"),
        (Decimal("-0.004"), 2, "0,00"),
        (Decimal("1234567.891"), 1, "1 234 567,9"),
        (150798, 0, "150 798"),
    ],
)
def test_number(value, decimals, expected):
    assert format_number(value, decimals) == expected.replace(" ", NBSP)


def test_money_percent_millions_and_date():
    assert format_money(Decimal("1938000")) == f"1{NBSP}938{NBSP}000{NBSP}kr"
    assert format_percent(Decimal("1.68")) == f"1,68{NBSP}%"
    assert format_millions(Decimal("1938000")) == f"1,938{NBSP}mill.{NBSP}kr"
    assert format_date(datetime.date(2024, 2, 14)) == "14.02.2024"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1938000"), "1,938"),
        (Decimal("3380000"), "3,38"),
        (Decimal("-3380000"), "−3,38"),
        (Decimal("1864000"), "1,864"),
        (Decimal("70278"), "0,07"),
        (Decimal("2000000"), "2"),
        (Decimal("12500000"), "12,5"),
        (Decimal("10000"), "0,01"),
        (Decimal("-100"), "0"),
    ],
)
def test_millions_one_rule_three_decimals_without_trailing_zeros(value, expected):
    assert format_millions(value) == f"{expected}{NBSP}mill.{NBSP}kr".replace(" ", NBSP)


def test_millions_filter_takes_no_decimals_of_its_own():
    """The operating (1 938 000) and investment (70 278) summaries use the same rule."""
    html = Template("{{ a|millions }} | {{ b|millions }}").render(
        Context({"a": Decimal("1938000"), "b": Decimal("70278")})
    )
    assert html == f"1,938{NBSP}mill.{NBSP}kr | 0,07{NBSP}mill.{NBSP}kr"


def test_missing_figures_show_a_dash():
    assert format_money(None) == "–"
    assert format_percent(None) == "–"


def test_float_is_refused():
    with pytest.raises(TypeError):
        format_number(1.5)


def test_template_filters_are_available_everywhere():
    html = Template("{{ a|money }} | {{ b|percent }} | {{ d|nbdate }} | {{ d|date }}").render(
        Context({"a": Decimal("-12"), "b": Decimal("88.8"), "d": datetime.date(2024, 1, 31)})
    )
    assert html == f"−12{NBSP}kr | 88,80{NBSP}% | 31.01.2024 | 31.01.2024"


def test_django_formats_are_norwegian():
    assert formats.date_format(datetime.date(2024, 2, 14)) == "14.02.2024"
    assert formats.number_format(Decimal("1.68"), 2) == "1,68"
    assert formats.number_format(1938000, force_grouping=True) == f"1{NBSP}938{NBSP}000"


def test_a_month_is_labelled_by_its_name_in_lower_case_and_its_year():
    assert month_label(datetime.date(2024, 2, 17)) == "februar 2024"  # any day of the month
    assert month_label(datetime.date(2023, 12, 1)) == "desember 2023"
    template = Template('{{ month|month_label }}|{{ none|month_label|default:"–" }}')
    assert template.render(Context({"month": datetime.date(2024, 3, 1), "none": None})) == (
        "mars 2024|–"
    )
