"""What changed: a published report's figures beside the previous month's, and one
version beside the one before it. Everything comes from what the versions stored
when they were published (their figures and their HTML), never from today's data,
so the comparison says what the board was told each time."""

import difflib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from reports.frozen import frozen_sections, intact_stored_html, stored_html
from reports.models import ReportVersion, Restatement
from ror_portal.blocks import FiguresPeriod, KeyFigure, key_figures_of
from ror_portal.dates import add_months
from ror_portal.formatting import (
    as_number,
    figure_change,
    format_change,
    format_figure,
    format_stored_cell,
    month_label,
    month_name,
)


@dataclass(frozen=True)
class FigureChange:
    label: str
    before: Decimal | None  # None: the figure was not in the earlier report
    after: Decimal | None  # None: the figure is gone
    unit: str = ""
    # Where an import changed the figure after its report was published: "tallet for
    # januar er endret etter publisering: 140 → 210" (``with_restatements``).
    before_restated: str = ""
    after_restated: str = ""

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return figure_change(self.before, self.after, self.unit)


@dataclass
class BlockChanges:
    number: str  # the section's number in the later report
    title: str
    figures: list[FigureChange] = field(default_factory=list)
    # What the two columns cover: the figures' months where the block stored them,
    # otherwise the reports' months.
    before_label: str = ""
    after_label: str = ""
    # Where the earlier figures come from: the previous report, or the report with the
    # same months a year earlier; None when nothing alike was found.
    compared_with: ReportVersion | None = None
    note: str = ""  # why the figures are not simply the previous report's
    block: str = ""  # the block's registered name

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


def with_stored_figures(versions: list[ReportVersion]) -> None:
    """Read the stored figures and change notes of versions that the page's lookup left
    out (``selectors.published_version``), all in one query."""
    stored = ReportVersion.objects.filter(pk__in=[v.pk for v in versions]).values_list(
        "pk", "block_data", "change_note"
    )
    by_pk = {pk: (block_data, note) for pk, block_data, note in stored}
    for version in versions:
        version.block_data, version.change_note = by_pk[version.pk]


def year_earlier_versions(version: ReportVersion) -> list[ReportVersion]:
    """The latest versions of the reports about a year before, nearest to twelve months
    first: where the same months a year earlier stand. A month either side, in case the
    rule for which accounts month a report shows changed during the year."""
    month = version.report.month
    found = (
        ReportVersion.objects.filter(
            report__month__gte=add_months(month, -13),
            report__month__lte=add_months(month, -11),
        )
        .select_related("report__meeting")
        .order_by("-report__month", "-number")
    )
    latest: dict[int, ReportVersion] = {}
    for candidate in found:
        latest.setdefault(candidate.report_id, candidate)
    target = add_months(month, -12)
    return sorted(latest.values(), key=lambda v: abs((v.report.month - target).days))


def key_figures(stored: dict) -> list[KeyFigure]:
    """The figures worth following in one stored block, as its version keeps them."""
    return key_figures_of(stored)


def _blocks_paired(before: dict, after: dict) -> list[tuple[str, dict | None, dict]]:
    """The later report's blocks, each with the same block of the earlier report.

    Blocks meet by name, not section number: sections move between months. A block
    used twice meets its counterpart in the same order.
    """
    earlier: dict[str, list[dict | None]] = {}
    for stored in before.values():
        earlier.setdefault(stored["block"], []).append(stored)
    return [
        (number, (earlier.get(stored["block"]) or [None]).pop(0), stored)
        for number, stored in after.items()
    ]


def figures_beside(earlier: dict | None, later: dict) -> list[FigureChange]:
    """One block's key figures beside the earlier block's: changed or not, new or gone."""
    old = {f.label: f for f in key_figures(earlier)} if earlier else {}
    new = {f.label: f for f in key_figures(later)}
    return [
        FigureChange(label, old[label].value if label in old else None, f.value, f.unit)
        for label, f in new.items()
    ] + [FigureChange(label, f.value, None, f.unit) for label, f in old.items() if label not in new]


def stored_period(stored: dict | None) -> FiguresPeriod | None:
    return FiguresPeriod.from_json(stored.get("period")) if stored else None


def periods_alike(earlier: FiguresPeriod, later: FiguresPeriod) -> bool:
    """Whether two blocks' sums may be set side by side: the same months, or two
    year-to-date sums of one year (January against January–February 2024). Never a
    full year against part of a year, of another year (2023 against January 2024) or
    the same (2024 against January–November 2024): the year's accounts meet the year
    before's."""
    return earlier == later or (
        earlier.year == later.year
        and earlier.is_year_to_date
        and later.is_year_to_date
        and not (earlier.is_full_year or later.is_full_year)
    )


def a_year_earlier(period: FiguresPeriod) -> FiguresPeriod:
    return FiguresPeriod(period.year - 1, period.first_month, period.last_month)


def since_previous(version: ReportVersion, previous: ReportVersion | None) -> list[BlockChanges]:
    """Each block of a report beside what is alike in the reports before it.

    A block without a period (counts at a date, lists) meets the previous report's
    block, month to month. A sum over months meets the previous report's sum when the
    periods are alike (``periods_alike``); otherwise (the turn of a year) the same
    months a year earlier, from the report that stored them, or nothing, said so.
    At most one query for all blocks, whatever the number of reports.
    """
    before = previous.block_data if previous else {}
    candidates: list[ReportVersion] | None = None

    def found_a_year_earlier(block: str, wanted: FiguresPeriod):
        nonlocal candidates
        if candidates is None:
            candidates = year_earlier_versions(version)
        for candidate in candidates:
            for stored in candidate.block_data.values():
                if stored["block"] == block and stored_period(stored) == wanted:
                    return candidate, stored
        return None, None

    result = []
    for number, earlier, later in _blocks_paired(before, version.block_data):
        had, period = stored_period(earlier), stored_period(later)
        changes = BlockChanges(
            number,
            later["title"],
            block=later["block"],
            before_label=_label(had, previous) if previous else "",
            after_label=_label(period, version),
        )
        month_to_month = had is None and period is None  # figures at a date, lists
        if earlier is None or month_to_month or (had and period and periods_alike(had, period)):
            changes.figures = figures_beside(earlier, later)
            changes.compared_with = previous if earlier else None
        else:
            wanted = a_year_earlier(period) if period else None
            other, stored = found_a_year_earlier(later["block"], wanted) if wanted else (None, None)
            changes.note = _not_alike_note(had, period, changes, wanted, other)
            if wanted is not None and other is not None:  # other is looked up only for a wanted
                changes.figures = figures_beside(stored, later)
                changes.compared_with = other
                changes.before_label = wanted.label
        result.append(changes)
    return result


def with_restatements(version: ReportVersion, blocks: list[BlockChanges]) -> None:
    """Mark each figure, of this version or the one it is compared with, that an import
    changed after it was published (reports.models.Restatement), with the published
    value and the latest one, so the board never sees two values for one date without
    a word. One query."""
    months = {b.compared_with.pk: b.compared_with.report.month for b in blocks if b.compared_with}
    months[version.pk] = version.report.month
    latest: dict[tuple[int, str, str], Restatement] = {}
    for restated in Restatement.objects.filter(version__in=months).order_by("recorded_at", "pk"):
        latest[restated.version_id, restated.block, restated.label] = restated

    def note(of: ReportVersion | None, block: str, label: str) -> str:
        restated = latest.get((of.pk, block, label)) if of else None
        if of is None or restated is None:
            return ""
        if Decimal(restated.published) == Decimal(restated.restated):  # restated back
            return ""
        return gettext(
            "the figure for %(month)s was changed after publishing: %(was)s → %(now)s"
        ) % {
            "month": month_name(months[of.pk].month),
            "was": format_figure(Decimal(restated.published), restated.unit),
            "now": format_figure(Decimal(restated.restated), restated.unit),
        }

    for block in blocks:
        block.figures = [
            replace(
                figure,
                before_restated=note(block.compared_with, block.block, figure.label),
                after_restated=note(version, block.block, figure.label),
            )
            for figure in block.figures
        ]


def _label(period: FiguresPeriod | None, version: ReportVersion) -> str:
    """What a column of figures covers: its months, or, for figures at a date (open
    tickets), the report they stand in."""
    if period:
        return period.label
    return gettext("the report for %(month)s") % {"month": month_label(version.report.month)}


def _not_alike_note(had, period, changes: BlockChanges, wanted, other) -> str:
    """Why a block is not set beside the previous report's, and what it is set beside."""
    values = {
        "after": changes.after_label,
        "previous": had.label if had else gettext("figures without a stated period"),
        "before": wanted.label if wanted else "",
        "report": month_label(other.report.month) if other else "",
    }
    if had and period and had.year != period.year:
        if other:
            text = gettext(
                "The accounting year is new: %(after)s is compared with %(before)s, the "
                "same months a year earlier, from the report for %(report)s."
            )
        else:
            text = gettext(
                "The accounting year is new: %(after)s is not compared with %(previous)s, "
                "and no published report has the same months a year earlier (%(before)s), "
                "so no changes are shown."
            )
    elif other:
        text = gettext(
            "%(after)s and the previous report's %(previous)s cover different periods: "
            "%(after)s is compared with %(before)s, the same months a year earlier, from "
            "the report for %(report)s."
        )
    elif wanted:
        text = gettext(
            "%(after)s and the previous report's %(previous)s cover different periods, and "
            "no published report has the same months a year earlier (%(before)s), so no "
            "changes are shown."
        )
    else:
        text = gettext(
            "%(after)s and the previous report's %(previous)s cover different periods, so no "
            "changes are shown."
        )
    return text % values


@dataclass(frozen=True)
class CellChange:
    row: str
    column: str
    before: Any
    after: Any
    unit: str = ""  # the column's unit, so that cells read as on the report: "kr", "%" or ""

    @property
    def change(self) -> Decimal | None:
        old, new = as_number(self.before), as_number(self.after)
        return figure_change(old, new, self.unit) if old is not None and new is not None else None

    @property
    def before_text(self) -> str:
        return _cell_text(self.before, self.unit)

    @property
    def after_text(self) -> str:
        return _cell_text(self.after, self.unit)

    @property
    def change_text(self) -> str:
        return format_change(self.change, self.unit) if self.change else ""


def _cell_text(value, unit: str) -> str:
    number = as_number(value)
    return format_figure(number, unit) if unit and number is not None else format_stored_cell(value)


def column_units(stored: dict) -> dict[str, str]:
    """Each column's unit as the block's own key figures give it ("Lønn – Budsjett" in
    kr); otherwise a column headed "… %" holds percentages."""
    columns = stored["columns"]
    units = {column: "%" for column in columns if column.endswith("%")}
    for figure in key_figures(stored):
        for column in columns:
            if figure.unit and figure.label.endswith(f" – {column}"):
                units[column] = figure.unit
    return units


def cells_compared(before: dict, after: dict) -> list[tuple[BlockChanges, list[CellChange]]]:
    """Between two versions of one report (the same month, so the same tables): every
    cell that differs as printed (not 1 938 000,40 kr against 1 938 000,20 kr, both
    1 938 000 kr), rows matched by their first cell. Blocks without a change are left out."""
    result = []
    for number, earlier, later in _blocks_paired(before, after):
        old_rows = {_row_key(row): row for row in (earlier or {}).get("rows", [])}
        old_columns = (earlier or {}).get("columns", [])
        units = {**(column_units(earlier) if earlier else {}), **column_units(later)}
        cells = []
        for row in later["rows"]:
            old = old_rows.pop(_row_key(row), None)
            for index, column in enumerate(later["columns"]):
                was = _cell(old, old_columns, column) if old is not None else None
                if old is None or was != row[index]:
                    cell = CellChange(_row_key(row), column, was, row[index], units.get(column, ""))
                    if cell.before_text != cell.after_text:  # as the two versions print it
                        cells.append(cell)
        for key, row in old_rows.items():
            cells.extend(
                CellChange(key, c, v, None, units.get(c, ""))
                for c, v in zip(old_columns, row, strict=True)
            )
        if cells:
            result.append((BlockChanges(number, later["title"]), cells))
    return result


def _row_key(row) -> str:
    return str(row[0]) if row else ""


def _cell(row, columns, column):
    return row[columns.index(column)] if column in columns else None


@dataclass(frozen=True)
class TextChange:
    kind: str  # "added", "removed", "context", or "section": the heading of the lines
    line: str


def text_compared(before_html: str, after_html: str) -> list[list[TextChange]]:
    """The two versions' written texts (the figures are compared cell by cell), section
    by section, as groups of changed lines with a line of context around each; an empty
    list when the texts are the same."""
    (old, old_headings), (new, new_headings) = _text_lines(before_html), _text_lines(after_html)
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
        # each group names the section it is in, unless it begins with its heading
        _tag, i1, _i2, j1, _j2 = opcodes[0]
        heading = old_headings[i1] if i1 < len(old) else new_headings[j1]
        if group[0].line != heading:
            group.insert(0, TextChange("section", heading))
        groups.append(group)
    return groups


def _text_lines(html: str) -> tuple[list[str], list[str]]:
    """The written texts' lines, section headings included, and each line's heading."""
    lines, headings = [], []
    for section in frozen_sections(html, with_blocks=False):
        heading = f"{section.number} {section.title}"
        for line in [heading, *section.lines]:
            lines.append(line)
            headings.append(heading)
    return lines, headings


@dataclass
class VersionChanges:
    figures: list[tuple[BlockChanges, list[CellChange]]]
    text: list[list[TextChange]]


def versions_alike(earlier: ReportVersion, later: ReportVersion, later_html: str) -> bool:
    """Whether a version about to be published (its HTML not stored yet) would show the
    board nothing new beside the one before it: no figure and no text differs as
    printed, by the rules of the page that compares versions. Never alike an earlier
    version whose stored file is not what was published: a new version mends that."""
    earlier_html = intact_stored_html(earlier)
    return (
        earlier_html is not None
        and not cells_compared(earlier.block_data, later.block_data)
        and not text_compared(earlier_html, later_html)
    )


def versions_compared(earlier: ReportVersion, later: ReportVersion) -> VersionChanges:
    return VersionChanges(
        figures=cells_compared(earlier.block_data, later.block_data),
        text=text_compared(stored_html(earlier), stored_html(later)),
    )
