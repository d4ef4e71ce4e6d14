import datetime
import io
import zipfile

import pytest
from django.utils.translation import gettext as _

from support.importing import MAX_ERRORS, check_tickets, import_tickets
from support.models import Category, Kind, Priority, Ticket
from tests.support.messages import message
from tests.support.ticket_files import COLUMNS, csv_file, ticket, xlsx_file

UTC = datetime.UTC
# The same columns as another export might write them: shuffled, odd case and spaces,
# and one the import does not use.
SHUFFLED = ["  EMNE", "kommune ", "Tildelt til", "SAKSNR", "opprettet", "første RESPONS",
            " Type ", "LØST", "prioritet", "Status", "KATEGORI"]  # fmt: skip


def counts(summary) -> tuple[int, int, int]:
    return summary.new, summary.changed, summary.unchanged


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_good_file_imports_every_ticket_with_its_fields(encoding, delimiter):
    rows = [
        ticket("1001"),
        ticket(
            " 1002 ",
            Type="TJENESTEFORESPØRSEL",
            Kategori="Brukerstøtte",
            Prioritet="lav",
            Kommune="hustadvika",
            Opprettet="01.07.2024 12:00:30",
            **{"Første respons": "", "Løst": ""},
            Status="Under arbeid",
            Emne="Bestilling av PC, skjerm og tastatur",
        ),
    ]
    file = csv_file(rows, header=SHUFFLED, encoding=encoding, delimiter=delimiter)

    summary = import_tickets(file, "eksport.csv")

    assert summary.ok, summary.errors
    assert counts(summary) == (2, 0, 0)
    assert summary.new_categories == ["Brukerstøtte", "Nettverk"]
    incident = Ticket.objects.get(number="1001")
    assert incident.kind == Kind.INCIDENT
    assert incident.priority == Priority.HIGH
    assert incident.municipality.name == "Molde"
    assert incident.category.name == "Nettverk"
    # 08:00 in Oslo in January is 07:00 UTC
    assert incident.created == datetime.datetime(2024, 1, 15, 7, 0, tzinfo=UTC)
    assert incident.first_response == datetime.datetime(2024, 1, 15, 7, 10, tzinfo=UTC)
    assert incident.resolved == datetime.datetime(2024, 1, 15, 9, 30, tzinfo=UTC)
    assert incident.resolution_seconds == 2.5 * 3600
    assert incident.status == "Løst"
    assert incident.subject == "Nettet er nede på rådhuset"
    request = Ticket.objects.get(number="1002")
    assert request.kind == Kind.REQUEST
    assert request.priority == Priority.LOW
    assert request.municipality.name == "Hustadvika"
    assert request.category.name == "Brukerstøtte"
    # summer time: 12:00:30 in Oslo is 10:00:30 UTC
    assert request.created == datetime.datetime(2024, 7, 1, 10, 0, 30, tzinfo=UTC)
    assert request.first_response is None
    assert request.resolved is None
    assert request.resolution_seconds is None
    assert request.status == "Under arbeid"


@pytest.mark.django_db
def test_a_workbook_imports_with_numbers_and_dates_in_cells():
    header = ["Emne", *COLUMNS[:-1], "Tildelt til"]
    rows = [
        ["Skriver", 12345.0, "Feilmelding", "Skrivere", "Kritisk", "Rauma",
         datetime.datetime(2024, 2, 1, 9, 0), datetime.datetime(2024, 2, 1, 9, 5),
         datetime.datetime(2024, 2, 1, 10, 0), "Løst", "Kari"],
        [],  # an empty row in the sheet is skipped
        [None, 12346, "Tjenesteforespørsel", "Skrivere", "Medium", "Vestnes",
         "01.02.2024 09:00", None, None, None],
    ]  # fmt: skip

    summary = import_tickets(xlsx_file(rows, header=header), "Eksport.XLSX")

    assert summary.ok, summary.errors
    assert counts(summary) == (2, 0, 0)
    printer = Ticket.objects.get(number="12345")
    assert printer.subject == "Skriver"
    assert printer.priority == Priority.CRITICAL
    assert printer.created == datetime.datetime(2024, 2, 1, 8, 0, tzinfo=UTC)
    assert printer.resolution_seconds == 3600
    second = Ticket.objects.get(number="12346")
    assert (second.subject, second.status, second.resolved) == ("", "", None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("created", "resolved", "created_utc", "seconds"),
    [
        # the night summer time starts: 02:00 becomes 03:00, so two hours pass, not three…
        ("30.03.2024 23:30", "31.03.2024 03:30", datetime.datetime(2024, 3, 30, 22, 30), 3 * 3600),
        ("31.03.2024 01:30", "31.03.2024 03:30", datetime.datetime(2024, 3, 31, 0, 30), 3600),
        # … and the night it ends: 03:00 becomes 02:00, so three hours pass
        ("27.10.2024 01:30", "27.10.2024 03:30", datetime.datetime(2024, 10, 26, 23, 30), 3 * 3600),
        # … when 02:00–03:00 comes twice, a later time that seems earlier is the second one
        ("27.10.2024 02:50", "27.10.2024 02:20", datetime.datetime(2024, 10, 27, 0, 50), 1800),
        # ISO 8601, with and without an offset
        ("2024-01-31T14:05:00", "2024-01-31T15:05:00+01:00",
         datetime.datetime(2024, 1, 31, 13, 5), 3600),
        ("2024-01-31T14:05:00Z", "2024-01-31 16:05", datetime.datetime(2024, 1, 31, 14, 5), 3600),
    ],
)  # fmt: skip
def test_times_without_offset_are_oslo_time_across_summer_time(
    created, resolved, created_utc, seconds
):
    rows = [ticket(Opprettet=created, **{"Løst": resolved, "Første respons": ""})]

    summary = import_tickets(csv_file(rows), "eksport.csv")

    assert summary.ok, summary.errors
    stored = Ticket.objects.get()
    assert stored.created == created_utc.replace(tzinfo=UTC)
    assert stored.resolution_seconds == seconds


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing():
    rows = [ticket(str(number)) for number in range(1, 51)]
    assert counts(import_tickets(csv_file(rows), "a.csv")) == (50, 0, 0)
    before = list(Ticket.objects.order_by("pk").values())

    again = import_tickets(csv_file(rows, header=SHUFFLED, delimiter=","), "a.csv")

    assert again.ok
    assert counts(again) == (0, 0, 50)
    assert again.new_categories == []
    assert list(Ticket.objects.order_by("pk").values()) == before
    assert Category.objects.count() == 1


@pytest.mark.django_db
def test_a_later_export_updates_the_tickets_by_number():
    import_tickets(csv_file([ticket("1"), ticket("2"), ticket("3")]), "januar.csv")
    first_id = Ticket.objects.get(number="1").pk
    later = [
        ticket("1", **{"Løst": "16.01.2024 08:00"}, Status="Lukket", Kategori="nettverk"),
        ticket("2"),
        ticket("3", Prioritet="Kritisk", Kommune="Aukra"),
        ticket("4", Kategori="Skrivere"),
    ]

    preview = check_tickets(csv_file(later), "februar.csv")
    assert counts(preview) == (1, 2, 1)
    assert preview.new_categories == ["Skrivere"]
    assert Ticket.objects.count() == 3  # a check writes nothing
    assert not Category.objects.filter(name="Skrivere").exists()

    summary = import_tickets(csv_file(later), "februar.csv")

    assert counts(summary) == (1, 2, 1)
    assert summary.new_categories == ["Skrivere"]
    updated = Ticket.objects.get(number="1")
    assert updated.pk == first_id
    assert updated.status == "Lukket"
    assert updated.resolved == datetime.datetime(2024, 1, 16, 7, 0, tzinfo=UTC)
    assert updated.resolution_seconds == 24 * 3600
    assert updated.category.name == "Nettverk"  # the category matched whatever its case
    third = Ticket.objects.get(number="3")
    assert (third.priority, third.municipality.name) == (Priority.CRITICAL, "Aukra")
    assert Ticket.objects.get(number="4").category.name == "Skrivere"
    assert sorted(Category.objects.values_list("name", flat=True)) == ["Nettverk", "Skrivere"]


@pytest.mark.django_db
def test_existing_categories_are_not_new_whatever_their_case():
    Category.objects.create(name="Nettverk")
    rows = [ticket("1", Kategori="NETTVERK"), ticket("2", Kategori="E-post  og Teams"),
            ticket("3", Kategori="e-post og teams")]  # fmt: skip

    summary = import_tickets(csv_file(rows), "eksport.csv")

    assert summary.new_categories == ["E-post og Teams"]
    assert sorted(Category.objects.values_list("name", flat=True)) == [
        "E-post og Teams",
        "Nettverk",
    ]


def _expected(msgid: str, row: int, column: str, **params) -> str:
    letter = "ABCDEFGHIJ"[COLUMNS.index(column)]
    return message(msgid, row=row, column=f"{column} ({letter})", **params)


UNKNOWN_MUNICIPALITY = (
    "Row %(row)s, column %(column)s: unknown municipality “%(value)s”; expected one of"
    " %(expected)s."
)
UNKNOWN_PRIORITY = (
    "Row %(row)s, column %(column)s: unknown priority “%(value)s”; expected one of %(expected)s."
)
UNKNOWN_TYPE = (
    "Row %(row)s, column %(column)s: unknown type “%(value)s”; expected one of %(expected)s."
)
UNREADABLE_TIME = (
    "Row %(row)s, column %(column)s: cannot read the time “%(value)s”; expected "
    "dd.mm.yyyy hh:mm or dd.mm.yyyy hh:mm:ss."
)
NO_SUCH_DAY = "Row %(row)s, column %(column)s: %(reason)s"
EARLIER = (
    "Row %(row)s, column %(column)s: “%(value)s” is earlier than the creation time “%(created)s”."
)
REQUIRED = "Row %(row)s, column %(column)s: empty; a value is required."
MUNICIPALITIES = "Aukra, Hustadvika, Molde, Rauma, Vestnes"

BAD_ROWS = {
    "unknown municipality": (
        {"Kommune": "Ålesund"},
        [("Kommune", UNKNOWN_MUNICIPALITY, {"value": "Ålesund", "expected": MUNICIPALITIES})],
    ),
    "unknown priority": (
        {"Prioritet": "Middels"},
        [("Prioritet", UNKNOWN_PRIORITY, {"value": "Middels",
                                           "expected": "Lav, Medium, Høy, Kritisk"})],
    ),
    "unknown type": (
        {"Type": "Hendelse"},
        [("Type", UNKNOWN_TYPE, {"value": "Hendelse",
                                 "expected": "Feilmelding, Tjenesteforespørsel"})],
    ),
    "a date that does not exist": (
        {"Opprettet": "31.02.2024 10:00"},
        [("Opprettet", NO_SUCH_DAY,
          {"reason": "31.02.2024 finnes ikke: februar 2024 har 29 dager."})],
    ),
    "a month that does not exist": (
        {"Løst": "15.13.2024 10:00:00"},
        [("Løst", NO_SUCH_DAY, {"reason": "15.13.2024 finnes ikke: det er ingen måned 13."})],
    ),
    "a time that does not exist": (
        {"Løst": "16.01.2024 25:00"},
        [("Løst", UNREADABLE_TIME, {"value": "16.01.2024 25:00"})],
    ),
    "a date that is no date": (
        {"Løst": "i går"},
        [("Løst", UNREADABLE_TIME, {"value": "i går"})],
    ),
    "resolved before created": (
        {"Løst": "14.01.2024 10:00"},
        [("Løst", EARLIER, {"value": "14.01.2024 10:00", "created": "15.01.2024 08:00"})],
    ),
    "first response before created": (
        {"Første respons": "15.01.2024 07:59"},
        [("Første respons", EARLIER, {"value": "15.01.2024 07:59",
                                      "created": "15.01.2024 08:00"})],
    ),
    "empty ticket number": ({"Saksnr": "  "}, [("Saksnr", REQUIRED, {})]),
    "empty creation time": ({"Opprettet": ""}, [("Opprettet", REQUIRED, {})]),
    "several errors in one row": (
        {"Kommune": "", "Type": "", "Kategori": ""},
        [("Type", REQUIRED, {}), ("Kategori", REQUIRED, {}), ("Kommune", REQUIRED, {})],
    ),
    "a municipality before it was a member": (
        {"Kommune": "Hustadvika", "Opprettet": "31.12.2022 23:30", "Første respons": "",
         "Løst": ""},
        [("Kommune", "Row %(row)s, column %(column)s: %(value)s was not a member of ROR-IKT on"
          " %(date)s.", {"value": "Hustadvika", "date": "31.12.2022"})],
    ),
    "a ticket number too long": (
        {"Saksnr": "1" * 31},
        [("Saksnr", "Row %(row)s, column %(column)s: “%(value)s” is longer than %(limit)s"
          " characters.", {"value": "1" * 31, "limit": 30})],
    ),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_a_bad_row_rejects_the_whole_file_naming_row_and_column(case):
    changes, expected = BAD_ROWS[case]
    Category.objects.create(name="Nettverk")
    rows = [ticket("1", Kategori="Ny kategori"), ticket("2", **changes), ticket("3")]

    summary = import_tickets(csv_file(rows), "eksport.csv")

    assert not summary.ok
    assert summary.errors == [
        _expected(msgid, 3, column, **params) for column, msgid, params in expected
    ]
    assert summary.error_count == len(expected)
    assert counts(summary) == (0, 0, 0)
    assert Ticket.objects.count() == 0
    assert list(Category.objects.values_list("name", flat=True)) == ["Nettverk"]


@pytest.mark.django_db
def test_a_ticket_number_twice_in_the_file_names_both_rows():
    rows = [ticket("7"), ticket("8"), ticket("7 ", Kategori="Ny")]

    summary = import_tickets(csv_file(rows), "eksport.csv")

    assert summary.errors == [
        _expected(
            "Row %(row)s, column %(column)s: ticket number “%(value)s” is also in row %(first)s.",
            4,
            "Saksnr",
            value="7",
            first=2,
        )
    ]
    assert Ticket.objects.count() == 0
    assert Category.objects.count() == 0


@pytest.mark.django_db
def test_missing_columns_are_one_error_on_the_header_row():
    header = [name for name in COLUMNS if name not in ("Løst", "Kommune")]

    summary = import_tickets(csv_file([ticket()], header=header), "eksport.csv")

    assert summary.errors == [
        message(
            "Row %(row)s: the column(s) %(columns)s are missing; the header must name"
            " %(expected)s.",
            row=1,
            columns="Kommune, Løst",
            expected=", ".join(COLUMNS),
        )
    ]
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_a_column_twice_in_the_header_is_an_error():
    summary = import_tickets(csv_file([ticket()], header=[*COLUMNS, " kommune"]), "e.csv")

    assert summary.errors == [
        message(
            "Row %(row)s: the column %(column)s appears more than once.", row=1, column="Kommune"
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name"),
    [(b"", "tom.csv"), (b"\r\n\r\n;;;\r\n", "tom.csv"), (b"\xef\xbb\xbf", "bom.csv")],
)
def test_an_empty_file_is_rejected(content, name):
    summary = import_tickets(io.BytesIO(content), name)

    assert summary.errors == [_("The file is empty or has no header row.")]
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_a_header_without_tickets_is_rejected():
    summary = import_tickets(csv_file([]), "tom.csv")

    assert summary.errors == [_("The file has no tickets after the header row.")]


@pytest.mark.django_db
def test_a_cut_off_row_is_an_error_not_a_crash():
    data = csv_file([ticket("1"), ticket("2")]).getvalue()
    cut = data[: data.rindex(b";Molde;") + 4]  # the last row ends inside the municipality

    summary = import_tickets(io.BytesIO(cut), "eksport.csv")

    assert summary.errors == [
        message(
            "Row %(row)s: only %(count)s of %(expected)s columns; the row seems cut off.",
            row=3,
            count=5,
            expected=10,
        )
    ]
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_a_field_too_large_for_csv_is_an_error_not_a_crash():
    data = csv_file([ticket("1")]).getvalue() + b'2;"' + b"x" * 200_000 + b'"\r\n'

    summary = import_tickets(io.BytesIO(data), "eksport.csv")

    assert summary.errors == [
        message(
            "Row %(row)s, column %(column)s: the field is too long (over %(limit)s characters).",
            row=3,
            column="Type",
            limit="131\xa0072",
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "zip"])
def test_a_file_named_xlsx_that_is_no_workbook_is_rejected(kind):
    if kind == "csv":
        data = csv_file([ticket()]).getvalue()
    else:
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("hei.txt", "ikke et regneark")
        data = archive.getvalue()

    summary = import_tickets(io.BytesIO(data), "eksport.xlsx")

    assert summary.errors == [
        _(
            "The file is not a readable XLSX workbook. Save it again as .xlsx from Excel,"
            " or export it as CSV."
        )
    ]
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_a_workbook_is_recognised_by_its_content_whatever_its_name():
    rows = [["1", "Feilmelding", "Nettverk", "Lav", "Aukra", "02.01.2024 10:00", "", "", "", ""]]

    summary = import_tickets(xlsx_file(rows), "eksport")

    assert summary.ok, summary.errors
    assert Ticket.objects.get().municipality.name == "Aukra"


@pytest.mark.django_db
def test_ten_thousand_bad_rows_give_a_short_list_and_the_total():
    rows = [ticket(str(number), Kommune="Oslo") for number in range(10_000)]

    summary = import_tickets(csv_file(rows), "eksport.csv")

    assert summary.error_count == 10_000
    assert len(summary.errors) == MAX_ERRORS
    assert summary.errors[0] == _expected(
        UNKNOWN_MUNICIPALITY, 2, "Kommune", value="Oslo", expected=MUNICIPALITIES
    )
    assert summary.errors[-1].startswith(_expected(REQUIRED, 101, "Kommune").split(":")[0])
    assert summary.rejection_text() == (
        message(
            "The file was rejected and nothing was saved. Errors: %(count)s.", count="10\xa0000"
        )
        + " "
        + message("Only the first %(shown)s are listed.", shown="100")
    )
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_a_long_subject_is_shortened_not_rejected():
    summary = import_tickets(csv_file([ticket(Emne="ord " * 200)]), "eksport.csv")

    assert summary.ok
    subject = Ticket.objects.get().subject
    assert len(subject) == 500
    assert subject.endswith("…")


@pytest.mark.django_db
def test_progress_counts_the_rows_of_each_pass():
    seen = []

    import_tickets(
        csv_file([ticket(str(n)) for n in range(2500)]),
        "eksport.csv",
        progress=lambda stage, rows: seen.append((stage, rows)),
    )

    assert seen == [("checking", 1000), ("checking", 2000), ("checking", 2500),
                    ("saving", 1000), ("saving", 2000), ("saving", 2500)]  # fmt: skip
    assert Ticket.objects.count() == 2500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "letter", "value", "code"),
    [
        ("Emne", "J", "Nettet\x00 er nede", "U+0000"),  # PostgreSQL refuses it when saving
        ("Status", "I", "Løst\x07", "U+0007"),
        ("Kategori", "C", "\x1bNett", "U+001B"),
    ],
)
def test_a_control_character_is_refused_at_the_check_with_row_and_column(
    column, letter, value, code
):
    rows = [ticket("1"), ticket("2", **{column: value})]

    summary = check_tickets(csv_file(rows), "eksport.csv")

    assert summary.errors == [
        f"Rad 3, kolonne {column} ({letter}): et kontrolltegn ({code}) som ikke er tekst. "
        "Fjern det i systemet filen kommer fra, eller eksporter filen på nytt."
    ]
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_line_breaks_and_tabs_in_a_subject_are_text():
    summary = import_tickets(
        csv_file([ticket("1", Emne="Nettet\ter nede\r\npå rådhuset")]), "e.csv"
    )
    assert summary.ok and Ticket.objects.get().subject.startswith("Nettet\ter nede")
