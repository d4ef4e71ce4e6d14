"""Import columns as objects, after pretix's ImportColumn: each column says its header,
the model field it fills, how a cell is read, whether it is required and how long it
may be; the table of columns is the whole of what an import reads. Every message a
column gives names the row and the column ("Row 3, column Kommune (E): …"), so a
column only says what is wrong.

A row is read in two steps: each cell on its own (parse, required, length), then the
checks that look further (at other columns of the row, at earlier rows, at the
database), so a check sees every value the row could give.
"""

import datetime
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ror_portal import reading
from ror_portal.dates import OSLO, no_such_date

REQUIRED = gettext_lazy("Row %(row)s, column %(column)s: empty; a value is required.")
TOO_LONG = gettext_lazy(
    "Row %(row)s, column %(column)s: “%(value)s” is longer than %(limit)s characters."
)
CONTROL_CHARACTER = gettext_lazy(
    "Row %(row)s, column %(column)s: a control character (%(code)s) that "
    "is not text. Remove it where the file comes from, or export the file again."
)
UNREADABLE_TIME = gettext_lazy(
    "Row %(row)s, column %(column)s: cannot read the time “%(value)s”; expected "
    "dd.mm.yyyy hh:mm or dd.mm.yyyy hh:mm:ss."
)
NO_SUCH_DAY = gettext_lazy("Row %(row)s, column %(column)s: %(reason)s")
PROGRESS_EVERY = 1000  # rows between the reports of a file's reading


class Invalid(Exception):
    """Why a cell is refused: a message with %(row)s and %(column)s, which the column
    fills in, and the message's other values."""

    def __init__(self, message: str | Promise, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class Row:
    """What a check may look at: the row's number in the file, its cells and the values
    read from them (by field; None where a cell was refused), and the import's
    ``context`` (what it looked up once, what earlier rows held)."""

    __slots__ = ("_cells", "_positions", "context", "number", "values")

    def __init__(
        self, number: int, cells: Sequence[Any], positions: dict[str, int], context: Any
    ) -> None:
        self.number = number
        self._cells = cells
        self._positions = positions
        self.values: dict[str, Any] = {}
        self.context = context

    def cell(self, field: str) -> Any:
        """The cell of the column that fills ``field``, as the file has it."""
        return self._cells[self._positions[field]]


# check(value, cell, row) → the value to keep; raises Invalid.
Check = Callable[[Any, Any, Row], Any]


@dataclass(frozen=True, eq=False)
class Column:
    """One column of the export: a cell is read by ``parse``, refused if empty and
    required, held to ``max_length``, then given to ``check`` with the whole row."""

    header: str  # as the export names it; matched in any case and spacing
    field: str  # the model field it fills
    # A cell as a value, None or "" for an empty cell; raises Invalid.
    parse: Callable[[Any], Any] = reading.text
    required: bool = False
    max_length: int | None = None
    shorten: bool = False  # a value too long is cut to max_length with "…", not refused
    check: Check | None = None  # after every cell of the row is read

    def read(self, cell: Any) -> Any:
        """The cell's value, on its own; raises Invalid."""
        value = self.parse(cell)
        if value is None or value == "":
            if self.required:
                raise Invalid(REQUIRED)
        elif self.max_length is not None and len(value) > self.max_length:
            if not self.shorten:
                raise Invalid(TOO_LONG, value=shown(value), limit=self.max_length)
            value = value[: self.max_length - 1] + "…"
        return value

    def message(self, invalid: Invalid, row: int, index: int) -> str:
        """The refusal as the reader is told it, with the row and where the column is."""
        column = f"{self.header} ({column_letter(index)})"
        return str(invalid.message) % {"row": row, "column": column, **invalid.params}


class Errors:
    """Every problem counted, the first ``kept`` of them kept to be listed."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self.messages: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.messages) < self.kept:
            self.messages.append(message)


class Table:
    """The columns found in a file's header, turning each later record into values."""

    def __init__(
        self,
        placed: list[tuple[Column, int]],
        width: int,
        *,
        context: Any,
        errors: Errors,
        padded: bool,
    ) -> None:
        self.placed = placed  # each column with its index in the record, in table order
        self.in_file_order = sorted(placed, key=lambda pair: pair[1])
        self.positions = {column.field: index for column, index in placed}
        # Bound once, as the loops over every row want them.
        self.readers = [(column, column.field, column.read, index) for column, index in placed]
        self.checks = [
            (column, column.field, column.check, index)
            for column, index in placed
            if column.check is not None
        ]
        self.width = width
        self.needed = max(index for _column, index in placed) + 1
        self.padded = padded  # a workbook leaves out empty cells at the end of a row
        self.context = context
        self.errors = errors
        self.rows = 0

    @classmethod
    def from_header(
        cls,
        columns: Sequence[Column],
        row: int,
        cells: Sequence[Any],
        *,
        context: Any,
        errors: Errors,
        padded: bool,
    ) -> "Table | None":
        """The table for the header ``cells``; None, with the errors told, if a column
        is missing or named twice."""
        wanted = {reading.header_name(column.header): column for column in columns}
        positions: dict[Column, int] = {}
        for index, cell in enumerate(cells):
            column = wanted.get(reading.header_name(cell))
            if column is None:
                continue
            if column in positions:
                errors.add(
                    _("Row %(row)s: the column %(column)s appears more than once.")
                    % {"row": row, "column": column.header}
                )
            positions.setdefault(column, index)
        if missing := [column.header for column in columns if column not in positions]:
            errors.add(
                _(
                    "Row %(row)s: the column(s) %(columns)s are missing; the header must"
                    " name %(expected)s."
                )
                % {
                    "row": row,
                    "columns": ", ".join(missing),
                    "expected": ", ".join(column.header for column in columns),
                }
            )
        if errors.count:
            return None
        placed = [(column, positions[column]) for column in columns]
        return cls(placed, len(cells), context=context, errors=errors, padded=padded)

    def read(self, row: int, cells: Sequence[Any]) -> dict[str, Any] | None:
        """The record's values by field, or None with every problem told."""
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
        if reading.has_control_character(cells):  # once for the record; rarely true
            for column, index in self.in_file_order:
                if code := reading.control_character(cells[index]):
                    self.refuse(column, Invalid(CONTROL_CHARACTER, code=code), row, index)
        record = Row(row, cells, self.positions, self.context)
        values = record.values
        refused: list[Column] = []
        for column, field, read, index in self.readers:
            try:
                values[field] = read(cells[index])
            except Invalid as invalid:
                values[field] = None
                refused.append(column)
                self.refuse(column, invalid, row, index)
        for column, field, check, index in self.checks:
            if refused and column in refused:
                continue
            try:
                values[field] = check(values[field], cells[index], record)
            except Invalid as invalid:
                values[field] = None
                self.refuse(column, invalid, row, index)
        return None if self.errors.count > errors_before else values

    def refuse(self, column: Column, invalid: Invalid, row: int, index: int) -> None:
        self.errors.add(column.message(invalid, row, index))


# Cells as values ------------------------------------------------------------------------


def shown(value: str) -> str:
    """A value as a message quotes it: the first 60 characters."""
    return value if len(value) <= 60 else value[:59] + "…"


def column_letter(index: int) -> str:
    """The spreadsheet's name for the column at ``index``: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def choice(
    choices: Mapping[str, str], unknown: str | Promise, *, expected: str
) -> Callable[[Any], str | None]:
    """A parser for one of ``choices`` (by casefolded name); ``unknown`` is the message
    for any other value, with ``expected`` as the names to list."""

    def parse(cell: Any) -> str | None:
        name = reading.text(cell)
        if not name:
            return None
        try:
            return choices[name.casefold()]
        except KeyError:
            raise Invalid(unknown, value=shown(name), expected=expected) from None

    return parse


def spaced(cell: Any) -> str:
    """A name with every run of spaces made one."""
    return " ".join(reading.text(cell).split())


_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?")


def moment(cell: Any, *, fold: int = 0) -> datetime.datetime | None:
    """A parser for a time (dd.mm.yyyy hh:mm, ISO 8601 or a workbook's date cell), in
    UTC; a time without offset is Oslo time.

    Converting to UTC at once matters: Python compares and subtracts two times of the
    same zone by their wall clock, which is an hour off across a change to or from
    summer time. A wall-clock time that occurs twice (the night summer time ends) is
    taken as the first unless ``fold`` is 1; one that does not exist (the night summer
    time starts) is read as standard time, as Django's make_aware does.
    """
    try:
        if isinstance(cell, datetime.datetime):
            value = cell
        else:
            text = reading.text(cell)
            if not text:
                return None
            if match := _DOTTED.fullmatch(text):
                day, month, year, hour, minute, second = match.groups()
                value = datetime.datetime(
                    int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
                )
            elif "-" in text[:5] and len(text) > 10:
                value = datetime.datetime.fromisoformat(text)
            else:
                raise ValueError(text)
        if value.tzinfo is None:
            value = value.replace(tzinfo=OSLO, fold=fold)
        return value.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        if reason := no_such_date(reading.text(cell)):
            raise Invalid(NO_SUCH_DAY, reason=reason) from None
        raise Invalid(UNREADABLE_TIME, value=shown(reading.text(cell))) from None


def table_rows(
    file: IO[bytes],
    name: str,
    columns: Sequence["Column"],
    *,
    context: Any,
    errors: "Errors",
    no_rows: str,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The valid rows of a CSV or XLSX file (``name`` tells an ``.xlsx``) read through
    ``columns`` from the header, its first record that is not blank: each with its row
    number, as a spreadsheet counts it. Every problem goes to ``errors``, ``no_rows`` when
    nothing follows the header; ``progress`` is told the rows read every PROGRESS_EVERY
    rows and at the end."""
    workbook = reading.is_workbook(file, name)
    source = reading.records(file, workbook=workbook)
    table = None
    try:
        for number, cells in enumerate(source, start=1):
            if reading.is_blank(cells):
                continue  # a blank line still counts as a row, as in a spreadsheet
            if table is None:
                table = Table.from_header(
                    columns, number, cells, context=context, errors=errors, padded=workbook
                )
                if table is None:
                    return
                continue
            values = table.read(number, cells)
            if values is not None:
                yield number, values
            if progress and table.rows % PROGRESS_EVERY == 0:
                progress(table.rows)
    except reading.Unreadable as error:
        errors.add(str(error))
        return
    finally:
        source.close()
    if table is None:
        errors.add(_("The file is empty or has no header row."))
    elif table.rows == 0:
        errors.add(no_rows)
    elif progress and table.rows % PROGRESS_EVERY:
        progress(table.rows)
