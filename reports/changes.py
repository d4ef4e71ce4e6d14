"""What changed: a published report's figures beside the previous month's, and one
version beside the one before it. Everything comes from what the versions stored
when they were published (their figures and their HTML), never from today's data,
so the comparison says what the board was told each time."""

import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reports.frozen import frozen_sections, stored_html
from reports.models import ReportVersion
from ror_portal.blocks import KeyFigure, get_block, table_key_figures


@dataclass(frozen=True)
class FigureChange:
    label: str
    before: Decimal | None  # None: the figure was not in the earlier report
    after: Decimal | None  # None: the figure is gone
    unit: str = ""

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class BlockChanges:
    number: str  # the section's number in the later report
    title: str
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def changed(self) -> list[FigureChange]:
        return [f for f in self.figures if f.change != 0]


def previous_report_version(version: ReportVersion) -> ReportVersion | None:
    """The latest version of the nearest earlier month's published report."""
    return (
        ReportVersion.objects.filter(report__month__lt=version.report.month)
        .select_related("report__meeting")
        .order_by("-report__month", "-number")
        .first()
    )


def key_figures(stored: dict) -> list[KeyFigure]:
    """The figures worth following in one stored block, read by the block's own rule."""
    block = get_block(stored["block"])
    read = block.key_figures if block else table_key_figures
    return read(stored["columns"], stored["rows"])


def _blocks_paired(before: dict, after: dict) -> list[tuple[str, dict | None, dict]]:
    """The later report's blocks, each with the same block of the earlier report.

    Blocks meet by name, not section number: sections move between months. A block
    used twice meets its counterpart in the same order.
    """
    earlier: dict[str, list[dict]] = {}
    for stored in before.values():
        earlier.setdefault(stored["block"], []).append(stored)
    return [
        (number, (earlier.get(stored["block"]) or [None]).pop(0), stored)
        for number, stored in after.items()
    ]


def figures_compared(before: dict, after: dict) -> list[BlockChanges]:
    """Every block's key figures beside the earlier report's: changed or not, new or gone."""
    result = []
    for number, earlier, later in _blocks_paired(before, after):
        old = {f.label: f for f in key_figures(earlier)} if earlier else {}
        new = {f.label: f for f in key_figures(later)}
        figures = [
            FigureChange(label, old[label].value if label in old else None, f.value, f.unit)
            for label, f in new.items()
        ] + [
            FigureChange(label, f.value, None, f.unit)
            for label, f in old.items()
            if label not in new
        ]
        result.append(BlockChanges(number, later["title"], figures))
    return result


@dataclass(frozen=True)
class CellChange:
    row: str
    column: str
    before: Any
    after: Any


def cells_compared(before: dict, after: dict) -> list[tuple[BlockChanges, list[CellChange]]]:
    """Between two versions of one report (the same month, so the same tables): every
    cell that differs, rows matched by their first cell. Blocks without a change are left out."""
    result = []
    for number, earlier, later in _blocks_paired(before, after):
        old_rows = {_row_key(row): row for row in (earlier or {}).get("rows", [])}
        old_columns = (earlier or {}).get("columns", [])
        cells = []
        for row in later["rows"]:
            old = old_rows.pop(_row_key(row), None)
            for index, column in enumerate(later["columns"]):
                was = _cell(old, old_columns, column) if old is not None else None
                if old is None or was != row[index]:
                    cells.append(CellChange(_row_key(row), column, was, row[index]))
        for key, row in old_rows.items():
            cells.extend(CellChange(key, c, v, None) for c, v in zip(old_columns, row, strict=True))
        if cells:
            result.append((BlockChanges(number, later["title"]), cells))
    return result


def _row_key(row) -> str:
    return str(row[0]) if row else ""


def _cell(row, columns, column):
    return row[columns.index(column)] if column in columns else None


@dataclass(frozen=True)
class TextChange:
    kind: str  # "added", "removed" or "context"
    line: str


def text_compared(before_html: str, after_html: str) -> list[list[TextChange]]:
    """The two versions' written texts (the figures are compared cell by cell), section
    by section, as groups of changed lines with a line of context around each; an empty
    list when the texts are the same."""
    old, new = _text_lines(before_html), _text_lines(after_html)
    groups = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for opcodes in matcher.get_grouped_opcodes(1):
        group = []
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                group += [TextChange("context", line) for line in old[i1:i2]]
                continue
            group += [TextChange("removed", line) for line in old[i1:i2]]
            group += [TextChange("added", line) for line in new[j1:j2]]
        groups.append(group)
    return groups


def _text_lines(html: str) -> list[str]:
    lines = []
    for section in frozen_sections(html, with_blocks=False):
        lines.append(f"{section.number} {section.title}")
        lines.extend(section.lines)
    return lines


@dataclass
class VersionChanges:
    figures: list[tuple[BlockChanges, list[CellChange]]]
    text: list[list[TextChange]]


def versions_compared(earlier: ReportVersion, later: ReportVersion) -> VersionChanges:
    return VersionChanges(
        figures=cells_compared(earlier.block_data, later.block_data),
        text=text_compared(stored_html(earlier), stored_html(later)),
    )
