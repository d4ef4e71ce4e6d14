"""Numbers, money and dates the way Norwegian board documents write them.

Groups of thousands and the space before a unit are no-break spaces so a
figure never wraps across lines; minus is the typographic minus sign (U+2212).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.utils import dates, timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

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
    value = _as_decimal(value)
    exponent = Decimal(1).scaleb(-decimals)
    with localcontext() as context:
        # Precision for every digit of the answer: the default 28 would make quantize
        # raise InvalidOperation on a figure of 27 digits or more (one typed in a form,
        # shown back with its error).
        context.prec = max(context.prec, value.adjusted() + decimals + 2)
        rounded = value.quantize(exponent, rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    whole, _, fraction = f"{rounded.copy_abs():f}".partition(".")
    groups: list[str] = []
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


def format_millions(value: Decimal | int | None) -> str:
    """Kroner in millions, the one rule of the report: three decimals, trailing zeros
    dropped, so 1 938 000 → '1,938 mill. kr', 3 380 000 → '3,38 mill. kr',
    70 278 → '0,07 mill. kr' and 2 000 000 → '2 mill. kr'."""
    if value is None:
        return MISSING
    text = format_number(_as_decimal(value) / 1_000_000, 3)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}{NBSP}mill.{NBSP}kr"


def month_name(month: int) -> str:
    """3 → 'mars': Norwegian month names are written in lower case."""
    return str(dates.MONTHS[month]).lower()


def month_label(month: datetime.date) -> str:
    """A month as the reader reads it, ``month`` any day of it: 'februar 2024' (the
    language's own month name and case)."""
    return date_format(month, "F Y")


def format_date(value: datetime.date | None) -> str:
    """'14.02.2024'."""
    if value is None:
        return MISSING
    return value.strftime("%d.%m.%Y")


def format_datetime(value: datetime.datetime | None) -> str:
    """'14.02.2024 09:30', in Norwegian time."""
    if value is None:
        return MISSING
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def _exponent(value: Decimal) -> int:
    """The power of ten of the last stored digit: Decimal('88.80') → -2."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, str):  # 'n', 'N' or 'F': NaN and infinity are no figures
        raise TypeError(f"A figure is a finite Decimal, not {value}.")
    return exponent


def _decimals_of(value: Decimal) -> int:
    """The decimals a figure was given, at most two: '88.8' → 1, '52400000.00' → 0."""
    if value == value.to_integral_value():
        return 0
    return min(2, -_exponent(value.normalize()))


def _stored_places(value: Decimal) -> int:
    """The decimals a figure was stored with, at most two: '50.0' → 1, '-2.00' → 2,
    '143' → 0. The report printed it with these, trailing zeros included."""
    return min(2, max(0, -_exponent(value)))


def _figure_places(value: Decimal, unit: str) -> int:
    return 0 if unit == "kr" else _stored_places(value)


def format_figure(value: Decimal | None, unit: str = "") -> str:
    """A figure with its unit ("kr", "%" or none) as the report printed it: kroner
    whole, other figures with the decimals they were stored with ('50.0' → '50,0 %')."""
    if value is None:
        return MISSING
    text = format_number(value, _figure_places(value, unit))
    return f"{text}{NBSP}{unit}" if unit else text


def figure_change(before: Decimal, after: Decimal, unit: str = "") -> Decimal:
    """How much a figure changed, as the reader can check it: the difference of the two
    figures as ``format_figure`` prints them (4 475 833 kr → 8 951 667 kr is +4 475 834,
    though the unrounded amounts differ by 4 475 833,34)."""

    def shown(value: Decimal) -> Decimal:
        exponent = Decimal(1).scaleb(-_figure_places(value, unit))
        return value.quantize(exponent, rounding=ROUND_HALF_UP)

    return shown(after) - shown(before)


def format_change(value: Decimal | None, unit: str = "") -> str:
    """A difference with its sign: '+2,4 prosentpoeng', '−12', '0'."""
    if value is None:
        return MISSING
    text = format_figure(abs(value), "kr" if unit == "kr" else "")
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    if unit == "%":
        points = gettext("percentage points")
        return f"{sign}{text}{NBSP}{points}"
    return f"{sign}{text}"


def format_stored_cell(value) -> str:
    """A cell as a published version stored it (JSON): numbers and dates written out."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return format_date(moment.date())
        return format_datetime(moment)
    number = as_number(value)
    return value if number is None else format_number(number, _decimals_of(number))


def as_number(value) -> Decimal | None:
    """A stored cell as a number, or None: ints, and Decimals stored as strings."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None
