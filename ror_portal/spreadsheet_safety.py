"""Text that a spreadsheet would run as a formula (CSV and formula injection).

A name typed by a person (a budget line, a category, a ticket subject from the
ITSM tool) that begins with "=", "+", "-" or "@" is a formula to Excel and
LibreOffice, and a tab or carriage return in front of it does not stop them.
Every CSV and XLSX the portal writes keeps such text as text (OWASP's rule for
CSV injection). Only text is ever checked: a negative amount is a number, not
text, and stays a number.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(text: str) -> str:
    """Text for a CSV cell: a leading apostrophe keeps what looks like a formula as text."""
    return f"'{text}" if starts_like_formula(text) else text
