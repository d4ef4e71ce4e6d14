"""Import of the ticket export from the ITSM system (Pureservice), CSV or XLSX.

The file is read twice and never held in memory: a first pass validates every row
(and, for a check, counts what would change), a second pass writes in batches inside
one transaction. Only the ticket numbers seen so far are kept, to find duplicates.
A file with any bad row is rejected whole and nothing is written.

What the export holds is the table TICKET_COLUMNS: a new column is one line there and
a field on Ticket. Reading the file is ror_portal.reading; reading a row through the
columns, with the row and column in every message, is ror_portal.columns.
"""

import datetime
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ror_portal import reading
from ror_portal.collation import norwegian_sort_key
from ror_portal.columns import Column, Errors, Invalid, Row, Table, choice, moment, shown, spaced
from ror_portal.dates import OSLO
from ror_portal.formatting import format_date, format_number
from ror_portal.models import Municipality
from support.models import Category, Kind, Priority, Ticket, TicketImport, resolution_seconds

BATCH_SIZE = 2000
MAX_ERRORS = 100
PROGRESS_EVERY = 1000

# Told every thousand rows with the pass (CHECKING, then SAVING) and the rows done in it.
Progress = Callable[[str, int], None]
CHECKING, SAVING = "checking", "saving"


@dataclass
class _Municipality:
    id: int
    name: str
    member_from: datetime.date
    member_until: datetime.date | None


class _Lookups:
    """Municipalities and categories by casefolded name, loaded once per pass, and the
    ticket numbers the pass has seen."""

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
        self.seen: dict[str, int] = {}  # ticket number: the row it was first in

    def create(self, names: list[str]) -> None:
        """Make the new categories the first pass found."""
        Category.objects.bulk_create([Category(name=name) for name in names])
        for pk, category_name in Category.objects.filter(name__in=names).values_list("pk", "name"):
            self.categories[category_name.casefold()] = pk


# The columns' checks beyond the cell itself -----------------------------------------------


def _unique_number(number: str, cell: Any, row: Row) -> str:
    first = row.context.seen.setdefault(number, row.number)
    if first != row.number:
        raise Invalid(
            _(
                "Row %(row)s, column %(column)s: ticket number “%(value)s” is also in"
                " row %(first)s."
            ),
            value=number,
            first=first,
        )
    return number


def _category(name: str, cell: Any, row: Row) -> int | None:
    """The category's id; None for a new one, noted to be made before saving."""
    lookups: _Lookups = row.context
    key = name.casefold()
    if key not in lookups.categories:
        lookups.new_categories.setdefault(key, name)
    return lookups.categories.get(key)


def _member(name: str, cell: Any, row: Row) -> int:
    """The municipality's id, if it was a member when the ticket was created."""
    lookups: _Lookups = row.context
    found = lookups.municipalities.get(name.casefold())
    if found is None:
        raise Invalid(
            _(
                "Row %(row)s, column %(column)s: unknown municipality “%(value)s”;"
                " expected one of %(expected)s."
            ),
            value=shown(name),
            expected=lookups.municipality_names,
        )
    if (created := row.values["created"]) is not None:
        day = created.astimezone(OSLO).date()
        if day < found.member_from or (found.member_until and day > found.member_until):
            raise Invalid(
                _(
                    "Row %(row)s, column %(column)s: %(value)s was not a member of"
                    " ROR-IKT on %(date)s."
                ),
                value=found.name,
                date=format_date(day),
            )
    return found.id


def _not_before_created(
    value: datetime.datetime | None, cell: Any, row: Row
) -> datetime.datetime | None:
    """A time that cannot be before the ticket was created."""
    created = row.values["created"]
    if value is None or created is None or value >= created:
        return value
    # In the hour that occurs twice when summer time ends, the later time may be
    # the second one (02:40 summer time, then 02:10 standard time).
    second = moment(cell, fold=1)
    if second is not None and second >= created:
        return second
    raise Invalid(
        _(
            "Row %(row)s, column %(column)s: “%(value)s” is earlier than"
            " the creation time “%(created)s”."
        ),
        value=reading.text(cell),
        created=reading.text(row.cell("created")),
    )


_kind = choice(
    {"feilmelding": Kind.INCIDENT, "tjenesteforespørsel": Kind.REQUEST},
    gettext_lazy(
        "Row %(row)s, column %(column)s: unknown type “%(value)s”; expected one of %(expected)s."
    ),
    expected="Feilmelding, Tjenesteforespørsel",
)
_priority = choice(
    {"lav": Priority.LOW, "medium": Priority.MEDIUM, "høy": Priority.HIGH,
     "kritisk": Priority.CRITICAL},
    gettext_lazy(
        "Row %(row)s, column %(column)s: unknown priority “%(value)s”; expected one of"
        " %(expected)s."
    ),
    expected="Lav, Medium, Høy, Kritisk",
)  # fmt: skip


def _max_length(model: type[Model], name: str) -> int | None:
    return _fields(model)[name].max_length


def _fields(model: type[Model]) -> dict[str, Field]:
    """The model's fields by name: those with a column in its table."""
    return {field.name: field for field in model._meta.concrete_fields}


# The export's columns, in the order the header is described (it may have them in any
# order and any case, and more besides). Each cell is read on its own in this order,
# then the checks run, which may look at the row's other values.
TICKET_COLUMNS = [
    Column("Saksnr", "number", required=True, max_length=_max_length(Ticket, "number"),
           check=_unique_number),
    Column("Type", "kind", _kind, required=True),
    Column("Kategori", "category", spaced, required=True,
           max_length=_max_length(Category, "name"), check=_category),
    Column("Prioritet", "priority", _priority, required=True),
    Column("Kommune", "municipality", required=True, check=_member),
    Column("Opprettet", "created", moment, required=True),
    Column("Første respons", "first_response", moment, check=_not_before_created),
    Column("Løst", "resolved", moment, check=_not_before_created),
    Column("Status", "status", max_length=_max_length(Ticket, "status")),
    # A long subject is shortened rather than the export rejected for it.
    Column("Emne", "subject", max_length=_max_length(Ticket, "subject"), shorten=True),
]  # fmt: skip
COLUMNS = [column.header for column in TICKET_COLUMNS]  # as the upload form lists them


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
    if reading.is_workbook(file, name):
        return None
    records = reading.csv_records(file)
    try:
        return max(0, sum(1 for cells in records if any(cells)) - 1)
    except reading.Unreadable:
        return None
    finally:
        records.close()


def import_tickets(
    file: IO[bytes],
    name: str,
    *,
    progress: Progress | None = None,
    user=None,
    fetched_until: datetime.datetime | None = None,
) -> ImportSummary:
    """Validate the export, then write it all in one transaction, or nothing if any row is bad.

    ``file`` is a seekable binary file, read twice; ``name`` tells an ``.xlsx`` from CSV.
    ``progress`` is told how each pass (checking, then saving) goes. Each import is
    logged with ``user`` (empty from the command line) in the same transaction, and
    for a sync from Pureservice with the ``fetched_until`` the next sync starts from.
    """
    checked = _check(file, name, count_changes=False, progress=progress)
    if not checked.ok:
        return checked
    return _write(
        file,
        name,
        new_categories=checked.new_categories,
        progress=progress,
        user=user,
        fetched_until=fetched_until,
    )


def _check(
    file: IO[bytes], name: str, *, count_changes: bool, progress: Progress | None = None
) -> ImportSummary:
    lookups = _Lookups()
    errors = Errors(MAX_ERRORS)
    summary = ImportSummary()
    tickets = _Tickets(TICKET_COLUMNS)
    batch: list[dict[str, Any]] = []
    rows = _rows(file, name, lookups=lookups, errors=errors, progress=progress, stage=CHECKING)
    for row in rows:
        if count_changes and not errors.count:
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                tickets.count(batch, summary)
                batch.clear()
    if count_changes and not errors.count:
        tickets.count(batch, summary)
    summary.new_categories = sorted(lookups.new_categories.values(), key=norwegian_sort_key)
    if errors.count:
        summary.new = summary.changed = summary.unchanged = 0
        summary.errors, summary.error_count = errors.messages, errors.count
    return summary


def _write(
    file: IO[bytes],
    name: str,
    *,
    new_categories: list[str],
    progress: Progress | None,
    user,
    fetched_until: datetime.datetime | None,
) -> ImportSummary:
    errors = Errors(MAX_ERRORS)
    summary = ImportSummary(new_categories=new_categories)
    tickets = _Tickets(TICKET_COLUMNS)
    with transaction.atomic():
        lookups = _Lookups()
        lookups.create(new_categories)
        rows = _rows(file, name, lookups=lookups, errors=errors, progress=progress, stage=SAVING)
        for batch in _batched(rows, BATCH_SIZE):
            _as_checked(errors, lookups)
            tickets.save(batch, summary)
        _as_checked(errors, lookups)
        TicketImport.objects.create(
            file_name=PurePath(name).name[:200],
            imported_by=user if user is not None and user.is_authenticated else None,
            new=summary.new,
            changed=summary.changed,
            unchanged=summary.unchanged,
            new_categories=", ".join(summary.new_categories),
            fetched_until=fetched_until,
        )
    return summary


def _as_checked(errors: Errors, lookups: _Lookups) -> None:
    """Stop the write if the file or the categories changed since the first pass."""
    if errors.count or lookups.new_categories:
        raise RuntimeError("The ticket export changed while it was imported.")


def _batched(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Tickets:
    """The stored tickets, compared with and written from the rows a batch at a time,
    by number; the fields are the columns' and the resolution time computed from them."""

    def __init__(self, columns: Sequence[Column]) -> None:
        names = [column.field for column in columns if column.field != "number"]
        fields = _fields(Ticket)
        self.fields = [fields[name] for name in [*names, "resolution_seconds"]]
        self.names = [field.name for field in self.fields]
        self.attnames = [field.attname for field in self.fields]  # category_id for category …
        # A tuple, since the columns include at least the two the resolution time is of.
        self.read = operator.itemgetter(*names)

    def values(self, row: dict[str, Any]) -> tuple:
        """The row's values to store, in the order of ``fields``."""
        return (*self.read(row), resolution_seconds(row["created"], row["resolved"]))

    def existing(self, batch: Sequence[dict[str, Any]]) -> dict[str, tuple]:
        """The stored tickets of a batch by number: (id, *values)."""
        return {
            values[1]: (values[0], *values[2:])
            for values in Ticket.objects.filter(number__in=[row["number"] for row in batch])
            .order_by()
            .values_list("pk", "number", *self.names)
        }

    def count(self, batch: Sequence[dict[str, Any]], summary: ImportSummary) -> None:
        if not batch:
            return
        existing = self.existing(batch)
        for row in batch:
            stored = existing.get(row["number"])
            if stored is None:
                summary.new += 1
            elif stored[1:] != self.values(row):
                summary.changed += 1
            else:
                summary.unchanged += 1

    def save(self, batch: Sequence[dict[str, Any]], summary: ImportSummary) -> None:
        existing = self.existing(batch)
        new, changed = [], []
        for row in batch:
            values = self.values(row)
            stored = existing.get(row["number"])
            if stored is None:
                new.append(
                    Ticket(number=row["number"], **dict(zip(self.attnames, values, strict=True)))
                )
            elif stored[1:] != values:
                changed.append((stored[0], values))
            else:
                summary.unchanged += 1
        Ticket.objects.bulk_create(new)
        self.update(changed)
        summary.new += len(new)
        summary.changed += len(changed)

    def update(self, changed: list[tuple[int, tuple]]) -> None:
        """Rewrite the changed tickets: one statement run for every row.

        QuerySet.bulk_update builds a CASE expression per field and row, which costs about
        a millisecond a ticket; a later export may change tens of thousands.
        """
        if not changed:
            return
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(_db_column(field))} = %s" for field in self.fields)
        table, key = quote(Ticket._meta.db_table), quote(_db_column(Ticket._meta.pk))
        sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - names from the model
        params = [
            [
                *(
                    f.get_db_prep_save(v, connection)
                    for f, v in zip(self.fields, values, strict=True)
                ),
                pk,
            ]
            for pk, values in changed
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _rows(
    file: IO[bytes],
    name: str,
    *,
    lookups: _Lookups,
    errors: Errors,
    progress: Progress | None,
    stage: str,
) -> Iterator[dict[str, Any]]:
    """The valid rows of the file as the ticket's fields; every problem goes to ``errors``."""
    workbook = reading.is_workbook(file, name)
    source = reading.records(file, workbook=workbook)
    table = None
    try:
        for row_number, cells in enumerate(source, start=1):
            if reading.is_blank(cells):
                continue  # a blank line still counts as a row, as in a spreadsheet
            if table is None:
                table = Table.from_header(
                    TICKET_COLUMNS, row_number, cells, context=lookups, errors=errors,
                    padded=workbook,
                )  # fmt: skip
                if table is None:
                    return
                continue
            row = table.read(row_number, cells)
            if row is not None:
                yield row
            if progress and table.rows % PROGRESS_EVERY == 0:
                progress(stage, table.rows)
    except reading.Unreadable as error:
        errors.add(str(error))
        return
    finally:
        source.close()
    if table is None:
        errors.add(_("The file is empty or has no header row."))
    elif table.rows == 0:
        errors.add(_("The file has no tickets after the header row."))
    elif progress and table.rows % PROGRESS_EVERY:
        progress(stage, table.rows)


def _db_column(field) -> str:
    """The column of a stored field (the type stubs allow none: fields without one)."""
    if field is None or field.column is None:
        raise TypeError(f"{field} has no database column")
    return field.column
