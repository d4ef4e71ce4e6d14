"""Reading the general-ledger extract (hovedbok) as postings: CSV or XLSX through
ror_portal.reading, the columns named as the stored LedgerFormat says."""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.models import LedgerFormat
from ror_portal import reading
from ror_portal.columns import Column, Errors, Invalid, shown, table_rows
from ror_portal.forms import AmountError, parse_amount

MAX_ERRORS = 100
CODE_LENGTH = 50  # art, ansvar, funksjon, prosjekt, bilagsnr
TEXT_LENGTH = 500

UNREADABLE_PERIOD = gettext_lazy(
    "Row %(row)s, column %(column)s: “%(value)s” is no period; expected YYYYMM, e.g. 202401."
)
UNREADABLE_ART = gettext_lazy(
    "Row %(row)s, column %(column)s: “%(value)s” is no art; an art is digits only."
)
UNREADABLE_AMOUNT = gettext_lazy("Row %(row)s, column %(column)s: %(reason)s")


@dataclass(frozen=True)
class Posting:
    """One line of the extract, as the check lists it."""

    row: int
    year: int
    month: int
    voucher: str
    voucher_date: str
    art: str
    ansvar: str
    funksjon: str
    prosjekt: str
    text: str
    amount: Decimal


def period(cell: Any) -> tuple[int, int] | None:
    """``202401`` as (2024, 1)."""
    value = reading.text(cell)
    if not value:
        return None
    if len(value) != 6 or not value.isascii() or not value.isdigit():
        raise Invalid(UNREADABLE_PERIOD, value=shown(value))
    year, month = int(value[:4]), int(value[4:])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Invalid(UNREADABLE_PERIOD, value=shown(value))
    return year, month


def art(cell: Any) -> str:
    value = reading.text(cell)
    if value and not (value.isascii() and value.isdigit()):
        raise Invalid(UNREADABLE_ART, value=shown(value))
    return value


def amount(cell: Any) -> Decimal | None:
    """Signed kroner to the øre: a workbook's number, or text the Norwegian way
    (``-1 250,50``, ``−1 250,50``) by the rule every typed amount follows
    (ror_portal.forms.parse_amount), so an ambiguous ``1.250`` is refused here too."""
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        try:
            value = Decimal(str(cell))
        except InvalidOperation:
            raise Invalid(UNREADABLE_AMOUNT, reason=str(cell)) from None
        if value != value.quantize(Decimal("0.01")):
            raise Invalid(
                UNREADABLE_AMOUNT,
                reason=_("“%(value)s” has more than %(places)s decimals.")
                % {"value": cell, "places": 2},
            )
        return value
    try:
        return parse_amount(reading.text(cell))
    except AmountError as error:
        raise Invalid(UNREADABLE_AMOUNT, reason=str(error)) from None


def columns(ledger_format: LedgerFormat) -> list[Column]:
    """The nine columns, by the names the format gives them."""
    f = ledger_format
    return [
        Column(f.period, "period", parse=period, required=True),
        Column(f.voucher, "voucher", max_length=CODE_LENGTH),
        Column(f.voucher_date, "voucher_date", max_length=CODE_LENGTH),
        Column(f.art, "art", parse=art, required=True, max_length=CODE_LENGTH),
        Column(f.ansvar, "ansvar", max_length=CODE_LENGTH),
        Column(f.funksjon, "funksjon", max_length=CODE_LENGTH),
        Column(f.prosjekt, "prosjekt", max_length=CODE_LENGTH),
        Column(f.text, "text", max_length=TEXT_LENGTH, shorten=True),
        Column(f.amount, "amount", parse=amount, required=True),
    ]


def postings(file: IO[bytes], name: str, errors: Errors, progress=None) -> Iterator[Posting]:
    """The file's postings; every problem goes to ``errors`` (a posting with one is not
    given). ``progress(rows)`` is told every thousand rows."""
    rows = table_rows(
        file,
        name,
        columns(LedgerFormat.current()),
        context=None,
        errors=errors,
        no_rows=_("The file has no postings after the header row."),
        progress=progress,
    )
    for number, values in rows:
        year, month = values.pop("period")
        yield Posting(number, year, month, **values)
