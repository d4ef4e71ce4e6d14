"""The registry of report data blocks.

A domain app registers, in its own ``blocks.py`` (discovered at start-up the
way ``admin.py`` is), a named block: a function of the report's ``Period``
that returns a ``BlockData``, and the template that shows it. The reports app
renders whatever is registered by name, so adding a block never touches it,
and no domain app imports ``reports``.
"""

import csv
import datetime
import io
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext

from ror_portal.formatting import as_number, month_label, month_name
from ror_portal.spreadsheet_safety import csv_text


@dataclass(frozen=True)
class Period:
    """What a report covers: its month, the date its figures stand at, and the meeting."""

    month: datetime.date  # the first day of the reported month
    as_of: datetime.date
    meeting_date: datetime.date

    @property
    def year(self) -> int:
        return self.month.year


@dataclass(frozen=True)
class FiguresPeriod:
    """The months a block's figures add up, e.g. January–February 2024 (year to date).

    Kept with a published version so that two reports' figures are compared only
    when they cover alike periods (reports.changes)."""

    year: int
    first_month: int
    last_month: int

    @property
    def is_year_to_date(self) -> bool:
        return self.first_month == 1

    @property
    def is_full_year(self) -> bool:
        """January to December: the year's accounts, not part of them."""
        return self.first_month == 1 and self.last_month == 12

    @property
    def label(self) -> str:
        """ "januar 2024", "januar–februar 2024", "2023" for a whole year."""
        if self.is_full_year:
            return str(self.year)
        if self.first_month == self.last_month:
            return month_label(datetime.date(self.year, self.first_month, 1))
        first = month_name(self.first_month)
        return f"{first}\u2013{month_name(self.last_month)} {self.year}"

    def as_json(self) -> dict[str, int]:
        return {"year": self.year, "first_month": self.first_month, "last_month": self.last_month}

    @classmethod
    def from_json(cls, data: dict | None) -> "FiguresPeriod | None":
        return cls(data["year"], data["first_month"], data["last_month"]) if data else None


@dataclass(frozen=True)
class BlockData:
    """A block's figures: a table (also the CSV download) and any extra template context.

    Cells are plain values (str, int, Decimal, date, None) so a published
    version can store them and serve the same CSV later.
    """

    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    context: dict[str, Any] = field(default_factory=dict)
    # What the figures were built from, e.g. {"budget.allocation_key": [3]}: kept
    # with a published version, and told to the apps so they can lock it.
    sources: dict[str, list[int]] = field(default_factory=dict)
    # The months the figures add up, where they are sums over a period (the accounts).
    period: FiguresPeriod | None = None
    # Where the figures come from and when they were taken, as the reader sees it under
    # the block ("Kilde: Pureservice-eksport importert 01.02.2024 08:12"); set by the
    # block's registered origin (Block.figures), empty where the portal is the source.
    origin: str = ""


@dataclass(frozen=True)
class KeyFigure:
    """One figure of a block that a reader follows from month to month, e.g. the open
    incidents at the end of the month. Its label carries no month, so two reports'
    figures meet by label."""

    label: str
    value: Decimal
    unit: str = ""  # "", "kr" or "%"


# A block's key figures come from its table as a published version stores it
# (columns and rows as JSON), so old versions can be compared without today's data.
KeyFigures = Callable[[Sequence[str], Sequence[Sequence[Any]]], list[KeyFigure]]


def table_key_figures(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    money_columns: Sequence[int] = (),
    ignored_columns: Sequence[int] = (),
) -> list[KeyFigure]:
    """Every number of a table whose first column names its rows ("Molde – Sum");
    a column headed "… %" holds percentages. A table without numbers: its row count."""
    figures = []
    for row in rows:
        for index, (column, cell) in enumerate(zip(columns, row, strict=False)):
            number = as_number(cell) if index and index not in ignored_columns else None
            if number is not None:
                unit = "kr" if index in money_columns else "%" if column.endswith("%") else ""
                figures.append(KeyFigure(f"{row[0]} – {column}", number, unit))
    if not figures:
        figures.append(KeyFigure(gettext("Number of rows"), Decimal(len(rows))))
    return figures


@dataclass(frozen=True)
class Block:
    name: str
    title: str | Promise  # registered at start-up, so a lazy translation
    function: Callable[[Period], BlockData]
    template: str
    key_figures: KeyFigures = table_key_figures
    origin: Callable[[Period], str] | None = None
    # A block that writes a whole document (a case document): its parts a public
    # edition may withhold, as (key, title); the template wraps each in {% withheld key %}.
    parts: Sequence[tuple[str, str | Promise]] = ()

    def figures(self, period: Period) -> BlockData:
        """The block's figures for ``period``, with where they come from."""
        data = self.function(period)
        return replace(data, origin=self.origin(period)) if self.origin else data


_registry: dict[str, Block] = {}


def register(
    name: str,
    *,
    title: str | Promise,
    template: str,
    key_figures: KeyFigures = table_key_figures,
    origin: Callable[[Period], str] | None = None,
    parts: Sequence[tuple[str, str | Promise]] = (),
) -> Callable:
    """Decorator: ``@register("support.sla_compliance", title=_("…"), template="…")``.

    ``key_figures`` reads the figures worth following from the block's stored table;
    the default takes every number of a table with row labels in its first column.
    ``origin`` says, for a period, where the figures come from and when they were taken.
    ``parts`` are the parts of a document block that a public edition may withhold.
    """

    def decorator(function: Callable[[Period], BlockData]) -> Callable[[Period], BlockData]:
        if name in _registry and _registry[name].function is not function:
            raise ValueError(f"The block {name!r} is registered twice.")
        _registry[name] = Block(name, title, function, template, key_figures, origin, parts)
        return function

    return decorator


def get_block(name: str) -> Block | None:
    return _registry.get(name)


def key_figures_of(stored: dict) -> list[KeyFigure]:
    """The key figures of a block as a version stored it. Computed once, by the block's
    own rule, when the version is published, and kept with it (``key_figures``), so every
    later reader (the changes page) reads the same figures in the same rounding; a
    version published before they were kept has them read from its table."""
    if "key_figures" in stored:
        return [
            KeyFigure(f["label"], Decimal(f["value"]), f["unit"]) for f in stored["key_figures"]
        ]
    block = get_block(stored["block"])
    read = block.key_figures if block else table_key_figures
    return read(stored["columns"], stored["rows"])


def key_figures_stored(figures: list[KeyFigure]) -> list[dict]:
    return [{"label": f.label, "value": str(f.value), "unit": f.unit} for f in figures]


def registered_blocks() -> list[Block]:
    return sorted(_registry.values(), key=lambda block: block.name)


def autodiscover() -> None:
    autodiscover_modules("blocks")


def csv_cell(value: Any) -> str:
    """A cell as Norwegian Excel reads it: decimal comma, dates dd.mm.yyyy, no grouping;
    text (a name, a municipality) never as a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return csv_text(str(value))


def to_csv(data: BlockData) -> str:
    """Semicolon-separated, as Excel with Norwegian settings opens it by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(str(column)) for column in data.columns])
    writer.writerows([csv_cell(cell) for cell in row] for row in data.rows)
    return buffer.getvalue()


# Figures several blocks of one report need (the open tickets of three charts) are
# computed once per rendering, never kept beyond it.
_rendering: ContextVar[dict | None] = ContextVar("rendering", default=None)


@contextmanager
def one_rendering():
    token = _rendering.set({})
    try:
        yield
    finally:
        _rendering.reset(token)


def once_per_rendering(key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it gave earlier in the same rendering (``one_rendering``)
    for the same ``key``; outside a rendering, computed each time."""
    cache = _rendering.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]
