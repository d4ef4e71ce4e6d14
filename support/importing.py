"""Import of the ticket export from the ITSM system (Pureservice), CSV or XLSX.

The file is read twice and never held in memory: a first pass validates every row
(and, for a check, counts what would change), a second pass writes in batches inside
one transaction. Only the ticket numbers seen so far are kept, to find duplicates.
A file with any bad row is rejected whole and nothing is written.

A check also says what the import changes (``_Diff``): each changed ticket's
fields before and after, the stored tickets the file lacks, the tickets after the
draft's *tall per*, and the figures of published reports it would restate
(ror_portal.restatements), found by running the write in a savepoint rolled back.

What the export holds is the table TICKET_COLUMNS: a new column is one line there and
a field on Ticket. Reading the file is ror_portal.reading; reading a row through the
columns, with the row and column in every message, is ror_portal.columns.
"""

import csv
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

from ror_portal import reading, reporting
from ror_portal.collation import norwegian_sort_key
from ror_portal.columns import (
    Column,
    Errors,
    Invalid,
    Row,
    choice,
    moment,
    shown,
    spaced,
    table_rows,
)
from ror_portal.dates import day_in_norway, start_of_day
from ror_portal.formatting import MISSING, format_date, format_datetime, format_number
from ror_portal.models import Municipality
from ror_portal.restatements import Restates, apply_restating, figures_restated
from ror_portal.spreadsheet_safety import csv_text
from support.models import Category, Kind, Priority, Ticket, TicketImport, resolution_seconds

BATCH_SIZE = 2000
MAX_ERRORS = 100
MAX_CHANGES_SHOWN = 100  # changed tickets listed on the check page; the CSV has them all
BLOCKS = "support."  # the report blocks whose published figures tickets make

# Told every thousand rows with the pass (CHECKING, then SAVING; RESTATING for the trial
# write that finds the published figures a check would change) and the rows done in it.
Progress = Callable[[str, int], None]
CHECKING, SAVING, RESTATING = "checking", "saving", "restating"


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
        self.category_names: dict[int, str] = {}
        for pk, category_name in Category.objects.order_by("pk").values_list("pk", "name"):
            self.categories.setdefault(category_name.casefold(), pk)
            self.category_names[pk] = category_name
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
        day = day_in_norway(created)
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
class ImportSummary(Restates):
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    new_categories: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0
    # The earliest day (ISO) of a ticket the import adds or changes: published reports
    # whose tall per is after it may have their figures changed.
    earliest: str = ""
    # What a check found, for its page (a summary is kept as a job's JSON result):
    # the first MAX_CHANGES_SHOWN changed tickets, {"number", "fields": [[column, before,
    # after], …]}; the stored tickets the file lacks; the draft's tall per (ISO) and the
    # file's tickets created on it or later. The published figures it restates are
    # Restates.restated.
    changes: list[dict] = field(default_factory=list)
    not_in_file: int = 0
    as_of: str = ""
    after_as_of: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def earliest_day(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.earliest) if self.earliest else None

    @property
    def changes_not_shown(self) -> int:
        return self.changed - len(self.changes)

    def not_in_file_text(self) -> str:
        return _("%(count)s stored tickets are not in the file. They are kept as they are.") % {
            "count": format_number(self.not_in_file)
        }

    def after_as_of_text(self) -> str:
        """ "315 saker er opprettet 01.03.2024 eller senere og kommer med i neste rapport"."""
        return _(
            "%(count)s tickets are created on %(date)s or later and come into the next report."
        ) % {
            "count": format_number(self.after_as_of),
            "date": format_date(datetime.date.fromisoformat(self.as_of)),
        }

    def touched(self, created: datetime.datetime) -> None:
        day = day_in_norway(created).isoformat()
        if not self.earliest or day < self.earliest:
            self.earliest = day

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


def check_tickets(
    file: IO[bytes],
    name: str,
    *,
    progress: Progress | None = None,
    changes: IO[str] | None = None,
) -> ImportSummary:
    """Validate the export and say what an import would do; keeps nothing it writes.

    Every changed field of every changed ticket goes to ``changes`` as CSV. The effect
    on published figures is found by the import's own write, in a savepoint rolled back,
    only where the file adds or changes a ticket dated before a published report's
    tall per.
    """
    summary = _check(file, name, count_changes=True, progress=progress, changes=changes)
    if summary.ok and summary.earliest_day:
        restated = figures_restated(
            lambda: _write(
                file,
                name,
                new_categories=summary.new_categories,
                progress=progress,
                stage=RESTATING,
                user=None,
            ),
            blocks=BLOCKS,
            since=summary.earliest_day,
        )
        summary.restated = [figure.as_json() for figure in restated]
    return summary


class ChangedSinceCheck(Exception):
    """The import would change a ticket dated earlier than its check measured: the
    stored tickets changed in between, so the check's word on published figures no
    longer holds."""


def import_checked(
    file: IO[bytes],
    name: str,
    *,
    earliest: datetime.date | None,
    confirmed: bool,
    progress: Progress | None = None,
    user=None,
    fetched_until: datetime.datetime | None = None,
) -> ImportSummary:
    """Import a file its check found to change tickets from ``earliest`` on (None:
    none): the published figures it restates are measured again around the write and
    recorded in the same transaction. Without ``confirmed``, an import that restates any
    raises RestatementNotConfirmed; one that reaches further back than its check raises
    ChangedSinceCheck; either way nothing is saved."""
    checked = _check(file, name, count_changes=False, progress=progress)
    if not checked.ok:
        return checked
    imported: list[ImportSummary] = []

    def apply() -> None:
        summary = _write(
            file,
            name,
            new_categories=checked.new_categories,
            progress=progress,
            stage=SAVING,
            user=user,
            fetched_until=fetched_until,
        )
        reached = summary.earliest_day
        if reached and (earliest is None or reached < earliest):
            raise ChangedSinceCheck
        imported.append(summary)

    if earliest is None:  # nothing dated changes: no published figure can
        with transaction.atomic():
            apply()
        return imported[0]
    restated = apply_restating(
        apply,
        blocks=BLOCKS,
        since=earliest,
        confirmed=confirmed,
        source=PurePath(name).name,
        user=user,
    )
    imported[0].restated = [figure.as_json() for figure in restated]
    return imported[0]


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
        stage=SAVING,
        user=user,
        fetched_until=fetched_until,
    )


def _check(
    file: IO[bytes],
    name: str,
    *,
    count_changes: bool,
    progress: Progress | None = None,
    changes: IO[str] | None = None,
) -> ImportSummary:
    lookups = _Lookups()
    errors = Errors(MAX_ERRORS)
    summary = ImportSummary()
    tickets = _Tickets(TICKET_COLUMNS)
    diff = _Diff(lookups, changes) if count_changes else None
    draft = reporting.draft_report() if count_changes else None
    as_of = start_of_day(draft.as_of) if draft else None
    batch: list[dict[str, Any]] = []
    rows = _rows(file, name, lookups=lookups, errors=errors, progress=progress, stage=CHECKING)
    for row in rows:
        if count_changes and not errors.count:
            batch.append(row)
            if as_of and row["created"] >= as_of:
                summary.after_as_of += 1
            if len(batch) == BATCH_SIZE:
                tickets.count(batch, summary, diff)
                batch.clear()
    if count_changes and not errors.count:
        tickets.count(batch, summary, diff)
        summary.not_in_file = Ticket.objects.count() - summary.changed - summary.unchanged
        summary.as_of = draft.as_of.isoformat() if draft else ""
    summary.new_categories = sorted(lookups.new_categories.values(), key=norwegian_sort_key)
    if errors.count:
        return ImportSummary(
            new_categories=summary.new_categories,
            errors=errors.messages,
            error_count=errors.count,
        )
    return summary


def _write(
    file: IO[bytes],
    name: str,
    *,
    new_categories: list[str],
    progress: Progress | None,
    stage: str,
    user,
    fetched_until: datetime.datetime | None = None,
) -> ImportSummary:
    errors = Errors(MAX_ERRORS)
    summary = ImportSummary(new_categories=new_categories)
    tickets = _Tickets(TICKET_COLUMNS)
    with transaction.atomic():
        lookups = _Lookups()
        lookups.create(new_categories)
        rows = _rows(file, name, lookups=lookups, errors=errors, progress=progress, stage=stage)
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
        self.created = self.names.index("created")
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

    def count(
        self, batch: Sequence[dict[str, Any]], summary: ImportSummary, diff: "_Diff | None"
    ) -> None:
        if not batch:
            return
        existing = self.existing(batch)
        for row in batch:
            values = self.values(row)
            stored = existing.get(row["number"])
            if stored is None:
                summary.new += 1
                summary.touched(row["created"])
            elif stored[1:] != values:
                summary.changed += 1
                self.touched(stored, row, summary)
                if diff is not None:
                    diff.add(row["number"], self.names, stored[1:], values, summary)
            else:
                summary.unchanged += 1

    def touched(self, stored: tuple, row: dict[str, Any], summary: ImportSummary) -> None:
        """A changed ticket changes the figures from the earlier of its two creation
        times on: before it, it was in no count."""
        summary.touched(min(stored[1 + self.created], row["created"]))

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
                summary.touched(row["created"])
            elif stored[1:] != values:
                changed.append((stored[0], values))
                self.touched(stored, row, summary)
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


class _Diff:
    """The changed tickets' fields before and after, as the check page shows them: the
    first MAX_CHANGES_SHOWN tickets in the summary, every changed field to ``out`` as
    CSV (semicolons, as Excel with Norwegian settings opens it)."""

    def __init__(self, lookups: _Lookups, out: IO[str] | None) -> None:
        self.lookups = lookups
        self.headers = {column.field: column.header for column in TICKET_COLUMNS}
        self.municipalities = {m.id: m.name for m in lookups.municipalities.values()}
        self.writer = csv.writer(out, delimiter=";", lineterminator="\r\n") if out else None
        if self.writer:
            self.writer.writerow([self.headers["number"], _("Field"), _("Before"), _("After")])

    def add(
        self, number: str, names: list[str], before: tuple, after: tuple, summary: ImportSummary
    ) -> None:
        fields = [
            [self.headers[name], self.shown(name, old), self.shown(name, new)]
            for name, old, new in zip(names, before, after, strict=True)
            if name in self.headers and old != new  # the resolution time follows "Løst"
        ]
        if len(summary.changes) < MAX_CHANGES_SHOWN:
            summary.changes.append({"number": number, "fields": fields})
        if self.writer:
            self.writer.writerows([csv_text(number), *map(csv_text, f)] for f in fields)

    def shown(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return MISSING if name != "category" else _("a new category")
        if name == "category":
            return self.lookups.category_names[value]
        if name == "municipality":
            return self.municipalities[value]
        if name == "kind":
            return str(Kind(value).label)
        if name == "priority":
            return str(Priority(value).label)
        if isinstance(value, datetime.datetime):
            return format_datetime(value)
        return str(value)


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
    rows = table_rows(
        file,
        name,
        TICKET_COLUMNS,
        context=lookups,
        errors=errors,
        no_rows=_("The file has no tickets after the header row."),
        progress=(lambda rows: progress(stage, rows)) if progress else None,
    )
    for _number, row in rows:
        yield row


def _db_column(field) -> str:
    """The column of a stored field (the type stubs allow none: fields without one)."""
    if field is None or field.column is None:
        raise TypeError(f"{field} has no database column")
    return field.column
