"""Ticket exports as Pureservice writes them, to import: a row by column name, and the
rows as a CSV file or a workbook."""

import csv
import io

import openpyxl

COLUMNS = [
    "Saksnr",
    "Type",
    "Kategori",
    "Prioritet",
    "Kommune",
    "Opprettet",
    "Første respons",
    "Løst",
    "Status",
    "Emne",
]


def ticket(number="1001", **changes) -> dict[str, str]:
    """One row of the export, by column name."""
    return {
        "Saksnr": number,
        "Type": "Feilmelding",
        "Kategori": "Nettverk",
        "Prioritet": "Høy",
        "Kommune": "Molde",
        "Opprettet": "15.01.2024 08:00",
        "Første respons": "15.01.2024 08:10",
        "Løst": "15.01.2024 10:30",
        "Status": "Løst",
        "Emne": "Nettet er nede på rådhuset",
        **changes,
    }


def _cell(row: dict, header: str) -> str:
    name = " ".join(header.split()).casefold()
    return next((v for k, v in row.items() if k.casefold() == name), "Kari")


def csv_file(
    rows: list[dict],
    *,
    header: list[str] = COLUMNS,
    encoding: str = "utf-8",
    delimiter: str = ";",
) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(row, name) for name in header] for row in rows)
    return io.BytesIO(text.getvalue().encode(encoding))


def xlsx_file(rows: list[list], *, header: list[str] = COLUMNS) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Notater").append(["Ikke denne arkfanen"])
    workbook.active = 1  # the first sheet is read, not the one that was open
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    return data
