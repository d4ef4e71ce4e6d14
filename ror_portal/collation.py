"""Norwegian alphabetical order (… X, Y, Z, Æ, Ø, Å) on both databases.

PostgreSQL gets an ICU collation made by migration; SQLite gets a Python
collation of the same name on every new connection. Order by ``norwegian(field)``.
"""

import unicodedata

from django.db.models.functions import Collate

NORWEGIAN = "nb_no"

# Æ, Ø and Å come after Z; these three characters follow "z" in ASCII.
_AFTER_Z = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def norwegian_sort_key(text: str) -> tuple[str, str]:
    letters = text.casefold().translate(_AFTER_Z)
    # Other accents sort with their base letter (é with e).
    base = "".join(
        c for c in unicodedata.normalize("NFKD", letters) if not unicodedata.combining(c)
    )
    return base, text


def compare_norwegian(left: str, right: str) -> int:
    a, b = norwegian_sort_key(left), norwegian_sort_key(right)
    return (a > b) - (a < b)


def norwegian(field: str) -> Collate:
    return Collate(field, NORWEGIAN)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NORWEGIAN, compare_norwegian)
