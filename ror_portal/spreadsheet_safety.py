"""Text that a spreadsheet would run as a formula (CSV and formula injection).

A name typed by a person (a budget line, a category, a ticket subject from the
ITSM tool) that begins with "=", "+", "-" or "@" is a formula to Excel and
LibreOffice, and a tab or carriage return in front of it does not stop them.
Every CSV and XLSX the portal writes keeps such text as text (OWASP's rule for
CSV injection). Only text is ever checked: a negative amount is a number, not
text, and stays a number.
"""

import csv
import io
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(text: str) -> str:
    """Text for a CSV cell: a leading apostrophe keeps what looks like a formula as text."""
    return f"'{text}" if starts_like_formula(text) else text


# A number as csv_cell writes one: digits, a decimal comma, a minus sign.
CSV_NUMBER = re.compile(r"-?\d+(,\d+)?")


def neutralised_csv(text: str, delimiter: str = ";") -> str:
    """A CSV written before its text was kept from being a formula (a version published
    before 01.12.2026 stores its CSV as it was), with such text made text now. Numbers,
    negative ones too, stay numbers; text neutralised already is left as it is."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(
        [cell if CSV_NUMBER.fullmatch(cell) else csv_text(cell) for cell in row] for row in rows
    )
    return out.getvalue()
