"""Reading an export file as records of cells: CSV (UTF-8 or Windows-1252, `;` or `,`)
or an XLSX workbook's first sheet, streamed, never held in memory. What the cells mean
is for the import's columns (ror_portal.columns)."""

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Generator, Sequence
from typing import IO, Any, NoReturn

from django.core.files import File
from django.utils.translation import gettext as _

from ror_portal.formatting import format_number

# How far a workbook may unpack, part by part, counted while unpacking (never by what the
# zip's headers declare). The largest export measured, 284 967 tickets with every cell as
# text (bench/ticket_import.py's rows, saved by openpyxl): a 190 MB sheet of inline strings;
# as a shared-strings table its distinct texts would take 62 MB, of which the subjects are
# about 20 MB when dates are date cells, as Pureservice writes them. The sheet is read as a
# stream; openpyxl holds the shared strings and every other part in memory.
MAX_SHEET_BYTES = 256 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
MAX_OTHER_PART_BYTES = 16 * 1024 * 1024  # styles, theme, rels: kilobytes in an export
MAX_UNPACKED_BYTES = 320 * 1024 * 1024
UNPACK_CHUNK = 1024 * 1024
# Control characters (a NUL byte, a bell, an escape) are no text a ticket has, and
# PostgreSQL refuses a NUL outright; tabs and line breaks are text.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Unreadable(Exception):
    """The file cannot be read on (not a workbook, broken CSV); the message says so."""


def is_workbook(file: IO[bytes], name: str) -> bool:
    if name.lower().endswith(".xlsx"):
        return True
    file.seek(0)
    return file.read(4) == b"PK\x03\x04"  # a zip: a workbook whatever its name


def records(file: IO[bytes], *, workbook: bool) -> Generator[Sequence[Any]]:
    """The file's records, one sequence of cells a line or sheet row; Unreadable when
    the file cannot be read on. Close the iterator to release the workbook."""
    return workbook_records(file) if workbook else csv_records(file)


def csv_records(file: IO[bytes]) -> Generator[list[str]]:
    raw = _raw(file)
    _refuse_wide_encoding(raw)
    encoding = _csv_encoding(raw)
    delimiter = _csv_delimiter(raw, encoding)
    raw.seek(0)
    # cp1252 leaves five bytes undefined; they become U+FFFD rather than a crash.
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    record_lines: list[str] = []  # the lines of the record being read, to name a field

    def lines() -> Generator[str]:
        for line in text:
            record_lines.append(line)
            yield line

    row_number = 0
    header: Sequence[str] = ()
    try:
        reader = csv.reader(lines(), delimiter=delimiter)
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                column = _column_over_field_limit("".join(record_lines), delimiter)
                if column is not None:
                    raise Unreadable(
                        _(
                            "Row %(row)s, column %(column)s: the field is too long (over %(limit)s"
                            " characters)."
                        )
                        % {
                            "row": row_number + 1,
                            "column": header[column] if column < len(header) else column + 1,
                            "limit": format_number(csv.field_size_limit()),
                        }
                    ) from error
                raise Unreadable(
                    _("Row %(row)s: the file cannot be read as CSV from here on.")
                    % {"row": row_number + 1}
                ) from error
            record_lines.clear()
            row_number += 1
            header = header or record
            yield record
    finally:
        text.detach()  # leave the caller's file open


def _column_over_field_limit(record: str, delimiter: str) -> int | None:
    """Which field (from 0) of a record's text is longer than the csv module reads, if
    one is: its error does not say."""
    limit = csv.field_size_limit()
    column, length, quoted = 0, 0, False
    for char in record:
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice: one character short
        elif char == delimiter and not quoted:
            column, length = column + 1, 0
        elif (length := length + 1) > limit:
            return column
    return None


def _refuse_wide_encoding(file: IO[bytes]) -> None:
    """UTF-16 or UTF-32 (Excel's «Unicode text»): by its BOM, or by NUL bytes between the
    letters. Read as one of the two encodings taken, every column would seem missing."""
    file.seek(0)
    head = file.read(4096)
    file.seek(0)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or b"\0\0\0" in head:
        name = "UTF-32"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        max(head[0::2].count(0), head[1::2].count(0)) > len(head) // 4
    ):
        name = "UTF-16"
    else:
        return
    raise Unreadable(
        _(
            "The file is in the %(encoding)s encoding, which is not supported: save it as UTF-8"
            " or Windows-1252."
        )
        % {"encoding": name}
    )


def workbook_records(file: IO[bytes]) -> Generator[Sequence[Any]]:
    import openpyxl

    unreadable = _unreadable_workbook()
    file.seek(0)
    _refuse_zip_bomb(_raw(file))
    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(_raw(file), read_only=True, data_only=True)
    except Exception as error:  # not a zip, no workbook inside, broken XML: many kinds
        raise Unreadable(unreadable) from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers declare a wrong size; read what is there
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                record = next(rows)
            except StopIteration:
                return
            except Exception as error:  # a broken sheet inside a valid zip
                raise Unreadable(unreadable) from error
            yield record
    finally:
        workbook.close()


def _raw(file: IO[bytes]) -> IO[bytes]:
    # io.TextIOWrapper wants a real binary stream, not Django's File proxy.
    if isinstance(file, File) and file.file is not None:
        return file.file
    return file


def _csv_encoding(file: IO[bytes]) -> str:
    """UTF-8 (with or without BOM) if every byte decodes as such, else Windows-1252."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := file.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _csv_delimiter(file: IO[bytes], encoding: str) -> str:
    """`;` or `,`, whichever the header line has more of."""
    file.seek(0)
    start = file.read(1 << 16).decode(encoding, errors="ignore").lstrip("\r\n")
    header = start.split("\n", 1)[0]
    return "," if header.count(",") > header.count(";") else ";"


def _refuse_zip_bomb(file: IO[bytes]) -> None:
    """Refuse a workbook that unpacks to more than a real export, before openpyxl opens it.

    A part's declared size over its limit is refused at once. Below it, every part is
    unpacked here a chunk at a time and counted, so that no limit rests on the headers alone
    (zipfile stops at the declared size and refuses a longer part by its CRC; a random part
    that pads the packing ratio is counted like any other). Memory stays at one chunk, and
    unpacking stops at the first limit passed."""
    total = 0
    try:
        with zipfile.ZipFile(file) as archive:
            for member in archive.infolist():
                limit = _part_limit(member.filename)
                if member.file_size > limit:  # declared: refused at once, never trusted below
                    _refuse_part(member.filename, limit)
                unpacked = 0
                with archive.open(member) as part:
                    while chunk := part.read(UNPACK_CHUNK):
                        unpacked += len(chunk)
                        total += len(chunk)
                        if unpacked > limit:
                            _refuse_part(member.filename, limit)
                        if total > MAX_UNPACKED_BYTES:
                            _refuse_part(_("the whole workbook"), MAX_UNPACKED_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        # Not a zip, a broken or encrypted part, an unknown compression.
        raise Unreadable(_unreadable_workbook()) from error


def _part_limit(name: str) -> int:
    if name.startswith("xl/worksheets/"):
        return MAX_SHEET_BYTES
    if name == "xl/sharedStrings.xml":
        return MAX_SHARED_STRINGS_BYTES
    return MAX_OTHER_PART_BYTES


def _refuse_part(part: str, limit: int) -> NoReturn:
    raise Unreadable(
        _(
            "The XLSX file unpacks to more than %(limit)s MB in %(part)s, far more than an"
            " export; refused. Export it as CSV instead."
        )
        % {"limit": limit // (1024 * 1024), "part": part}
    )


def _unreadable_workbook() -> str:
    return _(
        "The file is not a readable XLSX workbook. Save it again as .xlsx from Excel,"
        " or export it as CSV."
    )


# Cells ----------------------------------------------------------------------------------


def text(cell: Any) -> str:
    """A cell as the text a person sees in it."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # 12345.0 from a workbook's number cell
    if isinstance(cell, datetime.datetime):
        return cell.strftime("%d.%m.%Y %H:%M:%S")
    return str(cell).strip()


def is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def is_blank(record: Sequence[Any]) -> bool:
    """A record with nothing in it: a blank line, or a sheet row of empty cells."""
    return not any(record) and all(is_empty(cell) for cell in record)


def header_name(cell: Any) -> str:
    """A header cell as it is matched: any case, any run of spaces, composed accents."""
    return " ".join(unicodedata.normalize("NFC", text(cell)).split()).casefold()


def has_control_character(record: Sequence[Any]) -> bool:
    """Whether any text cell of the record has a control character: one search for all."""
    return (
        CONTROL_CHARACTER.search("\n".join([c for c in record if isinstance(c, str)])) is not None
    )


def control_character(cell: Any) -> str | None:
    """The first control character in a text cell, as its code point (U+0007), if any."""
    found = CONTROL_CHARACTER.search(cell) if isinstance(cell, str) else None
    return f"U+{ord(found.group()):04X}" if found else None
