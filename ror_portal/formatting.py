"""Numbers, money and dates the way Norwegian board documents write them.

Groups of thousands and the space before a unit are no-break spaces so a
figure never wraps across lines; minus is the typographic minus sign (U+2212).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\xa0"
MINUS = "\u2212"
MISSING = "\u2013"  # an en dash where there is no figure


def _as_decimal(value: Decimal | int | float | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Figures are Decimal, never float.")
    return value if isinstance(value, Decimal) else Decimal(value)


def format_number(value: Decimal | int | None, decimals: int = 0) -> str:
    """1938000 → '1 938 000'; Decimal('1.675'), 2 → '1,68'; -12 → '−12'."""
    if value is None:
        return MISSING
    exponent = Decimal(1).scaleb(-decimals)
    rounded = _as_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    groups.insert(0, whole)
    text = NBSP.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_money(value: Decimal | int | None, decimals: int = 0) -> str:
    """Kroner: '1 938 000 kr'."""
    if value is None:
        return MISSING
    return f"{format_number(value, decimals)}{NBSP}kr"


def format_percent(value: Decimal | int | None, decimals: int = 2) -> str:
    """A value already in percent: Decimal('1.68') → '1,68 %'."""
    if value is None:
        return MISSING
    return f"{format_number(value, decimals)}{NBSP}%"


def format_millions(value: Decimal | int | None, decimals: int = 3) -> str:
    """Kroner in millions: 1938000 → '1,938 mill. kr'."""
    if value is None:
        return MISSING
    return f"{format_number(_as_decimal(value) / 1_000_000, decimals)}{NBSP}mill.{NBSP}kr"


def format_date(value: datetime.date | None) -> str:
    """'14.02.2024'."""
    if value is None:
        return MISSING
    return value.strftime("%d.%m.%Y")
