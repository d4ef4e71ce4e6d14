"""A column added to the import's table is read, validated and saved with nothing else
changed: here a throwaway column "Tilstand" that fills the ticket's status in place of
the export's "Status"."""

import io

import pytest

from ror_portal.columns import Column, Invalid, spaced
from support import importing
from support.models import Ticket

pytestmark = pytest.mark.django_db

HEADER = ["Saksnr", "Type", "Kategori", "Prioritet", "Kommune", "Opprettet", "Første respons",
          "Løst", "Emne", "Tilstand"]  # fmt: skip


def _closed_needs_resolution(state: str, cell, row) -> str:
    """A check that looks at another column of the row."""
    if state == "Lukket" and row.values["resolved"] is None:
        raise Invalid("Row %(row)s, column %(column)s: closed, but never resolved.")
    return state


STATE = Column("Tilstand", "status", spaced, required=True, max_length=12,
               check=_closed_needs_resolution)  # fmt: skip


@pytest.fixture(autouse=True)
def state_column(monkeypatch):
    table = [column for column in importing.TICKET_COLUMNS if column.field != "status"]
    monkeypatch.setattr(importing, "TICKET_COLUMNS", [*table, STATE])


def export(
    *states: str, header: list[str] = HEADER, resolved: str = "15.01.2024 10:30"
) -> io.BytesIO:
    lines = [";".join(header)]
    for number, state in enumerate(states, start=1):
        lines.append(
            f"{number};Feilmelding;Nettverk;Høy;Molde;15.01.2024 08:00;;{resolved};"
            f"Nettet er nede;{state}"
        )
    return io.BytesIO("\r\n".join(lines).encode())


def test_an_added_column_is_read_and_saved_to_its_field():
    summary = importing.import_tickets(export("Under   arbeid", "Lukket"), "eksport.csv")

    assert summary.ok, summary.errors
    assert dict(Ticket.objects.values_list("number", "status")) == {
        "1": "Under arbeid",
        "2": "Lukket",
    }


def test_an_added_column_is_compared_with_what_is_stored():
    importing.import_tickets(export("Under arbeid", "Lukket"), "eksport.csv")

    summary = importing.check_tickets(export("Lukket", "Lukket"), "senere.csv")

    assert (summary.new, summary.changed, summary.unchanged) == (0, 1, 1)


def test_an_added_column_is_validated_with_row_and_column_in_each_message():
    summary = importing.import_tickets(
        export("Under arbeid", " ", "Venter på leverandør", "Lukket\x07"), "eksport.csv"
    )

    assert summary.errors == [
        "Rad 3, kolonne Tilstand (J): tom; en verdi er påkrevd.",
        "Rad 4, kolonne Tilstand (J): «Venter på leverandør» er lengre enn 12 tegn.",
        "Rad 5, kolonne Tilstand (J): et kontrolltegn (U+0007) som ikke er tekst. "
        "Fjern det i systemet filen kommer fra, eller eksporter filen på nytt.",
    ]
    assert Ticket.objects.count() == 0


def test_an_added_columns_check_sees_the_rows_other_values():
    summary = importing.import_tickets(export("Lukket", resolved=""), "eksport.csv")

    assert summary.errors == ["Row 2, column Tilstand (J): closed, but never resolved."]
    assert Ticket.objects.count() == 0


def test_the_header_must_name_an_added_column():
    summary = importing.import_tickets(export("Lukket", header=HEADER[:-1]), "eksport.csv")

    assert summary.errors == [
        "Rad 1: kolonnen(e) Tilstand mangler; overskriftsraden må ha Saksnr, Type, Kategori,"
        " Prioritet, Kommune, Opprettet, Første respons, Løst, Emne, Tilstand."
    ]
