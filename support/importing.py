"""Import of the ticket export from the ITSM system (Pureservice), CSV or XLSX.

The file is read twice and never held in memory: a first pass validates every row
(and, for a check, counts what would change), a second pass writes in batches inside
one transaction. Only the ticket numbers seen so far are kept, to find duplicates.
A file with any bad row is rejected whole and nothing is written.
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any, NamedTuple

from django.core.files import File
from django.db import connection, transaction
from django.utils.translation import gettext as _

from ror_portal.collation import norwegian_sort_key
from ror_portal.dates import OSLO
from ror_portal.formatting import format_number
from ror_portal.models import Municipality
from support.models import Category, Kind, Priority, Ticket, TicketImport, resolution_seconds

UTC = datetime.UTC
BATCH_SIZE = 2000
MAX_ERRORS = 100
PROGRESS_EVERY = 1000

# The export's columns, as its header names them (in any order, any case).
NUMBER, KIND, CATEGORY, PRIORITY = "Saksnr", "Type", "Kategori", "Prioritet"
MUNICIPALITY, CREATED, FIRST_RESPONSE = "Kommune", "Opprettet", "Første respons"
RESOLVED, STATUS, SUBJECT = "Løst", "Status", "Emne"
COLUMNS = [NUMBER, KIND, CATEGORY, PRIORITY, MUNICIPALITY, CREATED, FIRST_RESPONSE, RESOLVED,
           STATUS, SUBJECT]  # fmt: skip
KINDS = {"feilmelding": Kind.INCIDENT, "tjenesteforespørsel": Kind.REQUEST}
PRIORITIES = {"lav": Priority.LOW, "medium": Priority.MEDIUM, "høy": Priority.HIGH,
              "kritisk": Priority.CRITICAL}  # fmt: skip
KIND_NAMES = "Feilmelding, Tjenesteforespørsel"
PRIORITY_NAMES = "Lav, Medium, Høy, Kritisk"
# The ticket's fields an import sets besides its number, in the order of _values().
FIELDS = ["kind", "category", "municipality", "priority", "subject", "created",
          "first_response", "resolved", "status", "resolution_seconds"]  # fmt: skip
_field = Ticket._meta.get_field
NUMBER_LENGTH = _field("number").max_length
SUBJECT_LENGTH = _field("subject").max_length
STATUS_LENGTH = _field("status").max_length
CATEGORY_LENGTH = Category._meta.get_field("name").max_length
ATTNAMES = [_field(name).attname for name in FIELDS]  # category_id for category …

# Told every thousand rows with the pass (CHECKING, then SAVING) and the rows done in it.
Progress = Callable[[str, int], None]
CHECKING, SAVING = "checking", "saving"


@dataclass
class ImportSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    new_categories: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors_not_listed(self) -> int:
        return self.error_count - len(self.errors)

    def counts_text(self) -> str:
        text = _("New tickets: %(new)s. Changed: %(changed)s. Unchanged: %(unchanged)s.") % {
            "new": format_number(self.new),
            "changed": format_number(self.changed),
            "unchanged": format_number(self.unchanged),
        }
        if self.new_categories:
            text += " " + _("New categories: %(names)s.") % {
                "names": ", ".join(self.new_categories)
            }
        return text

    def rejection_text(self) -> str:
        text = _("The file was rejected and nothing was saved. Errors: %(count)s.") % {
            "count": format_number(self.error_count)
        }
        if self.errors_not_listed:
            text += " " + _("Only the first %(shown)s are listed.") % {
                "shown": format_number(len(self.errors))
            }
        return text


def check_tickets(file: IO[bytes], name: str, *, progress: Progress | None = None) -> ImportSummary:
    """Validate the export and count what an import would do; writes nothing."""
    return _check(file, name, count_changes=True, progress=progress)


def count_rows(file: IO[bytes], name: str) -> int | None:
    """The rows after the header of a CSV export (the total a check's progress counts
    towards); None for a workbook, whose declared size cannot be trusted."""
    if _is_xlsx(file, name):
        return None
    records = _csv_records(file)
    try:
        return max(0, sum(1 for cells in records if any(cells)) - 1)
    except _Unreadable:
        return None
    finally:
        records.close()


def import_tickets(
    file: IO[bytes], name: str, *, progress: Progress | None = None, user=None
) -> ImportSummary:
    """Validate the export, then write it all in one transaction, or nothing if any row is bad.

    ``file`` is a seekable binary file, read twice; ``name`` tells an ``.xlsx`` from CSV.
    ``progress`` is told how each pass (checking, then saving) goes. Each import is
    logged with ``user`` (empty from the command line) in the same transaction.
    """
    checked = _check(file, name, count_changes=False, progress=progress)
    if not checked.ok:
        return checked
    return _write(file, name, new_categories=checked.new_categories, progress=progress, user=user)


class _Unreadable(Exception):
    """The file cannot be read on (not a workbook, broken CSV); the message says so."""


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(message)


class _Row(NamedTuple):
    number: str
    kind: str
    category: str  # casefolded; an id only once new categories are made
    municipality: int
    priority: str
    subject: str
    created: datetime.datetime
    first_response: datetime.datetime | None
    resolved: datetime.datetime | None
    status: str


@dataclass
class _Municipality:
    id: int
    name: str
    member_from: datetime.date
    member_until: datetime.date | None


class _Lookups:
    """Municipalities and categories by casefolded name, loaded once per pass."""

    def __init__(self) -> None:
        municipalities = list(Municipality.objects.all())  # in Norwegian order
        self.municipalities = {
            m.name.casefold(): _Municipality(m.pk, m.name, m.member_from, m.member_until)
            for m in municipalities
        }
        self.municipality_names = ", ".join(m.name for m in municipalities)
        self.categories: dict[str, int] = {}
        for pk, category_name in Category.objects.order_by("pk").values_list("pk", "name"):
            self.categories.setdefault(category_name.casefold(), pk)
        self.new_categories: dict[str, str] = {}  # casefolded: as first written

    def create(self, names: list[str]) -> None:
        """Make the new categories the first pass found."""
        Category.objects.bulk_create([Category(name=name) for name in names])
        for pk, category_name in Category.objects.filter(name__in=names).values_list("pk", "name"):
            self.categories[category_name.casefold()] = pk


def _check(
    file: IO[bytes], name: str, *, count_changes: bool, progress: Progress | None = None
) -> ImportSummary:
    lookups = _Lookups()
    errors = _Errors()
    summary = ImportSummary()
    batch: list[_Row] = []
    rows = _rows(file, name, lookups=lookups, errors=errors, progress=progress, stage=CHECKING)
    for row in rows:
        if count_changes and not errors.count:
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                _count(batch, lookups, summary)
                batch.clear()
    if count_changes and not errors.count:
        _count(batch, lookups, summary)
    summary.new_categories = sorted(lookups.new_categories.values(), key=norwegian_sort_key)
    if errors.count:
        summary.new = summary.changed = summary.unchanged = 0
        summary.errors, summary.error_count = errors.messages, errors.count
    return summary


def _write(
    file: IO[bytes], name: str, *, new_categories: list[str], progress: Progress | None, user
) -> ImportSummary:
    errors = _Errors()
    summary = ImportSummary(new_categories=new_categories)
    with transaction.atomic():
        lookups = _Lookups()
        lookups.create(new_categories)
        rows = _rows(file, name, lookups=lookups, errors=errors, progress=progress, stage=SAVING)
        for batch in _batched(rows, BATCH_SIZE):
            _save(batch, lookups, summary)
        if errors.count or lookups.new_categories:
            # The file or the categories changed since the first pass: write nothing.
            raise RuntimeError("The ticket export changed while it was imported.")
        TicketImport.objects.create(
            file_name=PurePath(name).name[:200],
            imported_by=user if user is not None and user.is_authenticated else None,
            new=summary.new,
            changed=summary.changed,
            unchanged=summary.unchanged,
            new_categories=", ".join(summary.new_categories),
        )
    return summary


def _batched(rows: Iterable[_Row], size: int) -> Iterator[list[_Row]]:
    batch: list[_Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _existing(batch: Sequence[_Row]) -> dict[str, tuple]:
    """The stored tickets of a batch by number: (id, *FIELDS)."""
    return {
        values[1]: (values[0], *values[2:])
        for values in Ticket.objects.filter(number__in=[row.number for row in batch])
        .order_by()
        .values_list("pk", "number", *FIELDS)
    }


def _values(row: _Row, category_id: int | None) -> tuple:
    """A row as the values to store, in FIELDS order."""
    return (
        row.kind,
        category_id,
        row.municipality,
        row.priority,
        row.subject,
        row.created,
        row.first_response,
        row.resolved,
        row.status,
        resolution_seconds(row.created, row.resolved),
    )


def _count(batch: Sequence[_Row], lookups: _Lookups, summary: ImportSummary) -> None:
    if not batch:
        return
    existing = _existing(batch)
    for row in batch:
        stored = existing.get(row.number)
        if stored is None:
            summary.new += 1
        elif stored[1:] != _values(row, lookups.categories.get(row.category)):
            summary.changed += 1
        else:
            summary.unchanged += 1


def _save(batch: Sequence[_Row], lookups: _Lookups, summary: ImportSummary) -> None:
    existing = _existing(batch)
    new, changed = [], []
    for row in batch:
        values = _values(row, lookups.categories[row.category])
        stored = existing.get(row.number)
        if stored is None:
            new.append(Ticket(number=row.number, **dict(zip(ATTNAMES, values, strict=True))))
        elif stored[1:] != values:
            changed.append((stored[0], values))
        else:
            summary.unchanged += 1
    Ticket.objects.bulk_create(new)
    _update(changed)
    summary.new += len(new)
    summary.changed += len(changed)


def _update(changed: list[tuple[int, tuple]]) -> None:
    """Rewrite the changed tickets: one statement run for every row.

    QuerySet.bulk_update builds a CASE expression per field and row, which costs about
    a millisecond a ticket; a later export may change tens of thousands.
    """
    if not changed:
        return
    quote = connection.ops.quote_name
    fields = [Ticket._meta.get_field(name) for name in FIELDS]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    table, key = quote(Ticket._meta.db_table), quote(Ticket._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - names from the model
    params = [
        [*(f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)), pk]
        for pk, values in changed
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# Reading ------------------------------------------------------------------------------


def _rows(
    file: IO[bytes],
    name: str,
    *,
    lookups: _Lookups,
    errors: _Errors,
    progress: Progress | None,
    stage: str,
) -> Iterator[_Row]:
    """The valid rows of the file; every problem goes to ``errors`` instead."""
    is_xlsx = _is_xlsx(file, name)
    source = _xlsx_records(file) if is_xlsx else _csv_records(file)
    parser = None
    try:
        for row_number, cells in enumerate(source, start=1):
            if not any(cells) and all(_empty(cell) for cell in cells):
                continue  # a blank line still counts as a row, as in a spreadsheet
            if parser is None:
                parser = _Parser.from_header(
                    row_number, cells, lookups=lookups, errors=errors, padded=is_xlsx
                )
                if parser is None:
                    return
                continue
            parsed = parser.parse(row_number, cells)
            if parsed is not None:
                yield parsed
            if progress and parser.rows % PROGRESS_EVERY == 0:
                progress(stage, parser.rows)
    except _Unreadable as error:
        errors.add(str(error))
        return
    finally:
        source.close()
    if parser is None:
        errors.add(_("The file is empty or has no header row."))
    elif parser.rows == 0:
        errors.add(_("The file has no tickets after the header row."))
    elif progress and parser.rows % PROGRESS_EVERY:
        progress(stage, parser.rows)


def _is_xlsx(file: IO[bytes], name: str) -> bool:
    if name.lower().endswith(".xlsx"):
        return True
    file.seek(0)
    return file.read(4) == b"PK\x03\x04"  # a zip: a workbook whatever its name


def _raw(file: IO[bytes]) -> IO[bytes]:
    # io.TextIOWrapper wants a real binary stream, not Django's File proxy.
    return file.file if isinstance(file, File) else file


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


def _csv_records(file: IO[bytes]) -> Iterator[list[str]]:
    raw = _raw(file)
    encoding = _csv_encoding(raw)
    delimiter = _csv_delimiter(raw, encoding)
    raw.seek(0)
    # cp1252 leaves five bytes undefined; they become U+FFFD rather than a crash.
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    row_number = 0
    try:
        reader = csv.reader(text, delimiter=delimiter)
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise _Unreadable(
                    _("Row %(row)s: the file cannot be read as CSV from here on.")
                    % {"row": row_number + 1}
                ) from error
            row_number += 1
            yield record
    finally:
        text.detach()  # leave the caller's file open


# An export of a million tickets unpacks to well under this; a zip bomb far over it.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
# Control characters (a NUL byte, a bell, an escape) are no text a ticket has, and
# PostgreSQL refuses a NUL outright; tabs and line breaks are text.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_PACKING_RATIO = 200


def _refuse_zip_bomb(file: IO[bytes]) -> None:
    """Refuse an XLSX that would unpack to far more than any real export, before opening it."""
    import zipfile

    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return  # openpyxl reports it as unreadable
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_PACKING_RATIO:
        raise _Unreadable(
            _("The XLSX file would unpack to %(size)s MB, far more than a ticket export; refused.")
            % {"size": unpacked // (1024 * 1024)}
        )


def _xlsx_records(file: IO[bytes]) -> Iterator[Sequence[Any]]:
    import openpyxl

    unreadable = _(
        "The file is not a readable XLSX workbook. Save it again as .xlsx from Excel,"
        " or export it as CSV."
    )
    file.seek(0)
    _refuse_zip_bomb(_raw(file))
    file.seek(0)
    try:
        workbook = openpyxl.load_workbook(_raw(file), read_only=True, data_only=True)
    except Exception as error:  # not a zip, no workbook inside, broken XML: many kinds
        raise _Unreadable(unreadable) from error
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
                raise _Unreadable(unreadable) from error
            yield record
    finally:
        workbook.close()


# Parsing ------------------------------------------------------------------------------


def _header_name(cell: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", _text(cell)).split()).casefold()


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # 12345.0 from a workbook's number cell
    if isinstance(cell, datetime.datetime):
        return cell.strftime("%d.%m.%Y %H:%M:%S")
    return str(cell).strip()


def _empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:59] + "…"


_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _moment(cell: Any, *, fold: int = 0) -> datetime.datetime | None:
    """The moment in UTC; a time without offset is Oslo time. ValueError if unreadable.

    Converting to UTC at once matters: Python compares and subtracts two times of the
    same zone by their wall clock, which is an hour off across a change to or from
    summer time. A wall-clock time that occurs twice (the night summer time ends) is
    taken as the first unless ``fold`` is 1; one that does not exist (the night summer
    time starts) is read as standard time, as Django's make_aware does.
    """
    if isinstance(cell, datetime.datetime):
        moment = cell
    else:
        text = _text(cell)
        if not text:
            return None
        if match := _DOTTED.fullmatch(text):
            day, month, year, hour, minute, second = match.groups()
            moment = datetime.datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
            )
        elif "-" in text[:5] and len(text) > 10:
            moment = datetime.datetime.fromisoformat(text)
        else:
            raise ValueError(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=OSLO, fold=fold)
    return moment.astimezone(UTC)


class _Parser:
    """Turns the cells of one row into a _Row, or records in ``errors`` why it cannot."""

    def __init__(
        self,
        positions: dict[str, int],
        width: int,
        *,
        lookups: _Lookups,
        errors: _Errors,
        padded: bool,
    ) -> None:
        self.positions = positions
        self.width = width
        self.needed = max(positions.values()) + 1
        self.padded = padded  # a workbook leaves out empty cells at the end of a row
        self.lookups = lookups
        self.errors = errors
        self.seen: dict[str, int] = {}  # ticket number: the row it was first in
        self.rows = 0
        self.columns = {
            name: f"{name} ({_column_letter(index)})" for name, index in positions.items()
        }

    @classmethod
    def from_header(
        cls,
        row: int,
        cells: Sequence[Any],
        *,
        lookups: _Lookups,
        errors: _Errors,
        padded: bool,
    ) -> "_Parser | None":
        wanted = {_header_name(name): name for name in COLUMNS}
        positions: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = wanted.get(_header_name(cell))
            if name is None:
                continue
            if name in positions:
                errors.add(
                    _("Row %(row)s: the column %(column)s appears more than once.")
                    % {"row": row, "column": name}
                )
            positions.setdefault(name, index)
        if missing := [name for name in COLUMNS if name not in positions]:
            errors.add(
                _(
                    "Row %(row)s: the column(s) %(columns)s are missing; the header must"
                    " name %(expected)s."
                )
                % {"row": row, "columns": ", ".join(missing), "expected": ", ".join(COLUMNS)}
            )
        if errors.count:
            return None
        return cls(positions, len(cells), lookups=lookups, errors=errors, padded=padded)

    def parse(self, row: int, cells: Sequence[Any]) -> _Row | None:
        self.rows += 1
        if len(cells) < self.needed:
            if not self.padded:
                self.errors.add(
                    _("Row %(row)s: only %(count)s of %(expected)s columns; the row seems cut off.")
                    % {"row": row, "count": len(cells), "expected": self.width}
                )
                return None
            cells = [*cells, *([None] * (self.needed - len(cells)))]
        errors_before = self.errors.count
        cell = {name: cells[index] for name, index in self.positions.items()}
        self.control_characters(row, cell)

        number = self.number(row, _text(cell[NUMBER]))
        kind = self.choice(row, KIND, cell[KIND], KINDS)
        if kind is None and not _empty(cell[KIND]):
            self.error(
                _(
                    "Row %(row)s, column %(column)s: unknown type “%(value)s”;"
                    " expected one of %(expected)s."
                ),
                row,
                KIND,
                value=_shown(_text(cell[KIND])),
                expected=KIND_NAMES,
            )
        priority = self.choice(row, PRIORITY, cell[PRIORITY], PRIORITIES)
        if priority is None and not _empty(cell[PRIORITY]):
            self.error(
                _(
                    "Row %(row)s, column %(column)s: unknown priority “%(value)s”;"
                    " expected one of %(expected)s."
                ),
                row,
                PRIORITY,
                value=_shown(_text(cell[PRIORITY])),
                expected=PRIORITY_NAMES,
            )
        category = self.category(row, cell[CATEGORY])
        if _empty(cell[CREATED]):
            self.required(row, CREATED)
            created = None
        else:
            created = self.moment(row, CREATED, cell[CREATED])
        first_response = self.later(row, FIRST_RESPONSE, cell, created)
        resolved = self.later(row, RESOLVED, cell, created)
        municipality = self.municipality(row, cell[MUNICIPALITY], created)
        status = _text(cell[STATUS])
        if len(status) > STATUS_LENGTH:
            self.too_long(row, STATUS, status, STATUS_LENGTH)
        # A long subject is shortened rather than the export rejected for it.
        subject = _text(cell[SUBJECT])
        if len(subject) > SUBJECT_LENGTH:
            subject = subject[: SUBJECT_LENGTH - 1] + "…"

        if self.errors.count > errors_before:
            return None
        return _Row(
            number,
            kind,
            category,
            municipality,
            priority,
            subject,
            created,
            first_response,
            resolved,
            status,
        )

    def error(self, message: str, row: int, column: str, **params: Any) -> None:
        self.errors.add(message % {"row": row, "column": self.columns[column], **params})

    def control_characters(self, row: int, cell: dict[str, Any]) -> None:
        for column, value in cell.items():
            found = CONTROL_CHARACTER.search(value) if isinstance(value, str) else None
            if found:
                self.error(
                    _(
                        "Row %(row)s, column %(column)s: a control character (%(code)s) that "
                        "is not text. Remove it in the ticket system, or export the file again."
                    ),
                    row,
                    column,
                    code=f"U+{ord(found.group()):04X}",
                )

    def required(self, row: int, column: str) -> None:
        self.error(_("Row %(row)s, column %(column)s: empty; a value is required."), row, column)

    def too_long(self, row: int, column: str, value: str, limit: int) -> None:
        self.error(
            _("Row %(row)s, column %(column)s: “%(value)s” is longer than %(limit)s characters."),
            row,
            column,
            value=_shown(value),
            limit=limit,
        )

    def number(self, row: int, number: str) -> str:
        if not number:
            self.required(row, NUMBER)
        elif len(number) > NUMBER_LENGTH:
            self.too_long(row, NUMBER, number, NUMBER_LENGTH)
        elif (first := self.seen.setdefault(number, row)) != row:
            self.error(
                _(
                    "Row %(row)s, column %(column)s: ticket number “%(value)s” is also in"
                    " row %(first)s."
                ),
                row,
                NUMBER,
                value=number,
                first=first,
            )
        return number

    def choice(self, row: int, column: str, cell: Any, choices: dict[str, str]) -> str | None:
        if _empty(cell):
            self.required(row, column)
            return None
        return choices.get(_text(cell).casefold())

    def category(self, row: int, cell: Any) -> str | None:
        name = " ".join(_text(cell).split())
        if not name:
            self.required(row, CATEGORY)
            return None
        if len(name) > CATEGORY_LENGTH:
            self.too_long(row, CATEGORY, name, CATEGORY_LENGTH)
            return None
        key = name.casefold()
        if key not in self.lookups.categories:
            self.lookups.new_categories.setdefault(key, name)
        return key

    def moment(self, row: int, column: str, cell: Any) -> datetime.datetime | None:
        try:
            return _moment(cell)
        except (ValueError, OverflowError):
            self.error(
                _(
                    "Row %(row)s, column %(column)s: cannot read the time “%(value)s”;"
                    " expected dd.mm.yyyy hh:mm."
                ),
                row,
                column,
                value=_shown(_text(cell)),
            )
            return None

    def later(
        self, row: int, column: str, cells: dict[str, Any], created: datetime.datetime | None
    ) -> datetime.datetime | None:
        """A time that cannot be before the ticket was created."""
        cell = cells[column]
        moment = self.moment(row, column, cell)
        if moment is None or created is None or moment >= created:
            return moment
        # In the hour that occurs twice when summer time ends, the later time may be
        # the second one (02:40 summer time, then 02:10 standard time).
        second = _moment(cell, fold=1)
        if second is not None and second >= created:
            return second
        self.error(
            _(
                "Row %(row)s, column %(column)s: “%(value)s” is earlier than"
                " the creation time “%(created)s”."
            ),
            row,
            column,
            value=_text(cell),
            created=_text(cells[CREATED]),
        )
        return None

    def municipality(self, row: int, cell: Any, created: datetime.datetime | None) -> int | None:
        if _empty(cell):
            self.required(row, MUNICIPALITY)
            return None
        text = _text(cell)
        found = self.lookups.municipalities.get(text.casefold())
        if found is None:
            self.error(
                _(
                    "Row %(row)s, column %(column)s: unknown municipality “%(value)s”;"
                    " expected one of %(expected)s."
                ),
                row,
                MUNICIPALITY,
                value=_shown(text),
                expected=self.lookups.municipality_names,
            )
            return None
        if created is not None:
            day = created.astimezone(OSLO).date()
            if day < found.member_from or (found.member_until and day > found.member_until):
                self.error(
                    _(
                        "Row %(row)s, column %(column)s: %(value)s was not a member of"
                        " ROR-IKT on %(date)s."
                    ),
                    row,
                    MUNICIPALITY,
                    value=found.name,
                    date=day.strftime("%d.%m.%Y"),
                )
        return found.id


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
