"""Live figures in a section's text: a reference to a figure a block of the same report
computes, written where the value goes and replaced by it when the report is rendered.

The stored form, which the section editor's figure picker writes (nobody has to type it):

    {{budget.operating_result | Sum – Avvik | mill. kr}}
    {{support.open_incidents | Åpne feilmeldinger}}
    {{periode | Tall per | dd.mm.åå}}

The first part names a block of the report (or ``periode``: the report's own dates),
the second one of that block's key figures (the figures the changes page follows, so a
label carries no month and a reference copied to next month finds next month's value),
the third, optional, how to write it (``FORMATS``). A reference that finds no figure is
shown as such in the draft and stops publishing, naming the section; a published
version keeps the values as they were, since its HTML is frozen.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ror_portal.blocks import Period, key_figures_of
from ror_portal.formatting import (
    as_number,
    format_date,
    format_figure,
    format_millions,
    format_money,
    month_label,
    month_name,
)

REFERENCE = re.compile(
    r"\{\{\s*(?P<source>[a-z][a-z0-9_.]*)\s*\|\s*(?P<label>[^|{}\n]+?)\s*"
    r"(?:\|\s*(?P<style>[^|{}\n]+?)\s*)?\}\}"
)
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d")  # a date or time as a version stores it
PERIOD = "periode"  # the report's own dates: not a block, always there
UNSIGNED = " uten fortegn"  # "mindreforbruk på 3,38 mill. kr": the sign is in the words
WORDS = re.compile(r"^(?P<above>[^\W\d_]+(?: [^\W\d_]+)*)/(?P<other>[^\W\d_]+(?: [^\W\d_]+)*)$")


@dataclass(frozen=True)
class Figure:
    """One figure a text may quote: a block's key figure, or one of the report's dates."""

    source: str  # the block's registered name, or PERIOD
    label: str
    value: Decimal | datetime.date | str  # a word of a table, such as a project's status
    unit: str = ""  # "kr", "%" or "" (a count, a time); a date or a word has none
    where: str = ""  # the section that shows it: "2.1.2.3 Oversikt over feilmeldinger"

    def reference(self, style: str = "") -> str:
        parts = [self.source, self.label, *([style] if style else [])]
        return "{{" + " | ".join(parts) + "}}"

    def styles(self) -> list[str]:
        """The ways this figure can be written, the plain one first (for the picker)."""
        if isinstance(self.value, str):
            return [""]
        if isinstance(self.value, datetime.date):
            return list(DATE_STYLES)
        styles = [""]
        if self.unit == "kr":
            styles += ["mill. kr", "kr" + UNSIGNED, "mill. kr" + UNSIGNED]
        elif self.unit == "%":
            styles += ["%" + UNSIGNED]
        if self.unit in ("kr", "%"):
            styles += ["merforbruk/mindreforbruk", "over/under", "økning/nedgang"]
        return styles


def _number(style: str, value: Decimal, unit: str) -> str | None:
    if style == "":
        return format_figure(value, unit)
    if style == "kr":
        return format_money(value)
    if style == "mill. kr":
        return format_millions(value)
    if style == "%":
        return format_figure(value, "%")
    if style == "tall":
        return format_figure(value, "")
    return None


DATE_STYLES: dict[str, Callable[[datetime.date], str]] = {
    "": format_date,  # 01.02.2024
    "dd.mm.åå": lambda day: day.strftime("%d.%m.%y"),  # 01.02.24, as the reference writes it
    "måned": lambda day: month_name(day.month),  # februar
    "måned og år": month_label,  # februar 2024
    "år": lambda day: str(day.year),
}


def quote(figure: Figure, style: str = "") -> str | None:
    """The figure written as ``style`` says; None for a style that does not fit it."""
    value = figure.value
    if isinstance(value, str):
        return None if style else value
    if isinstance(value, datetime.date):
        write = DATE_STYLES.get(style)
        return write(value) if write else None
    words = WORDS.match(style)
    if words:
        # The first word for a figure above zero (an overspend, a rise), the other for
        # zero or below: the sign is said in words, so the amount is written without.
        return words["above"] if value > 0 else words["other"]
    if style.endswith(UNSIGNED):
        return _number(style.removesuffix(UNSIGNED), abs(value), figure.unit)
    return _number(style, value, figure.unit)


@dataclass(frozen=True)
class Reference:
    text: str  # as written: "{{support.open_incidents | Åpne feilmeldinger}}"
    source: str
    label: str
    style: str


def _reference(match: re.Match) -> Reference:
    return Reference(match.group(0), match["source"], match["label"], match["style"] or "")


def references(text: str) -> list[Reference]:
    return [_reference(match) for match in REFERENCE.finditer(text or "")]


class FigureBook:
    """The figures one report's texts may quote, by source and label."""

    def __init__(self, figures: Iterable[Figure]):
        self.figures = list(figures)
        self._by_key = {(f.source, f.label): f for f in self.figures}

    def find(self, reference: Reference) -> Figure | None:
        return self.find_figure(reference.source, reference.label)

    def find_figure(self, source: str, label: str) -> Figure | None:
        return self._by_key.get((source, label))

    def written(self, reference: Reference) -> str | None:
        figure = self.find(reference)
        return None if figure is None else quote(figure, reference.style)

    def resolve(self, text: str) -> tuple[str, list[str]]:
        """The text with each reference replaced by its value, and the references that
        found none. Those stay visible as such (the draft shows what is wrong; a report
        with one is never published)."""
        missing: list[str] = []

        def value(match: re.Match) -> str:
            reference = _reference(match)
            written = self.written(reference)
            if written is None:
                missing.append(reference.text)
                return _("[figure not found: %(reference)s]") % {
                    "reference": reference.text.strip("{}")
                }
            return written

        return REFERENCE.sub(value, text or ""), missing


@dataclass(frozen=True)
class PickerGroup:
    where: str  # the section that shows the figures
    own: bool  # the section being edited shows them
    figures: list[tuple[Figure, list[tuple[str, str]]]]  # each with (reference, as written)


def figure_groups(book: FigureBook, *, first: str = "") -> list[PickerGroup]:
    """The figure picker's list: the figures by the section that shows them, in the
    report's order, those of block ``first`` (the edited section's own) at the top;
    each with every way it can be written, as this month's value reads in it."""
    groups: dict[str, list[Figure]] = {}
    for figure in book.figures:
        groups.setdefault(figure.where, []).append(figure)
    picker = [
        PickerGroup(
            where,
            own=bool(first) and figures[0].source == first,
            figures=[
                (
                    figure,
                    [
                        (figure.reference(style), _example(figure, style))
                        for style in figure.styles()
                    ],
                )
                for figure in figures
            ],
        )
        for where, figures in groups.items()
    ]
    return sorted(picker, key=lambda group: not group.own)


def _example(figure: Figure, style: str) -> str:
    """What the picker offers: this month's value as the style writes it, and the style
    where the value alone does not tell it ("merforbruk (merforbruk/mindreforbruk)")."""
    written = quote(figure, style) or ""
    return f"{written} ({style.strip()})" if "/" in style or UNSIGNED in style else written


def missing_figures_message(missing: list[str], *, field_label: str | Promise) -> str | None:
    if not missing:
        return None
    return _("%(field)s quotes figures the report does not have: %(references)s.") % {
        "field": str(field_label).capitalize(),
        "references": ", ".join(missing),
    }


def period_figures(period: Period) -> list[Figure]:
    """The report's own dates, for texts such as «Antall åpne feilmeldinger pr 01.02.24»."""
    where = _("The report's dates")
    month_end = period.as_of - datetime.timedelta(days=1)
    return [
        Figure(PERIOD, _("Month reported on"), period.month, where=where),
        Figure(PERIOD, _("Figures as of"), period.as_of, where=where),
        Figure(PERIOD, _("Day before figures as of"), month_end, where=where),
        Figure(PERIOD, _("Meeting date"), period.meeting_date, where=where),
    ]


def figure_book(period: Period, blocks: Iterable[tuple[str, dict]]) -> FigureBook:
    """The figures of a report: its dates, and the key figures of each of its blocks,
    given as (the section that shows it, the block's figures as a version stores them:
    ``reports.rendering.stored_figures``), so a text quotes what the changes page reads."""
    figures = period_figures(period)
    for where, stored in blocks:
        figures += [
            Figure(stored["block"], kf.label, kf.value, kf.unit, where)
            for kf in key_figures_of(stored)
        ]
        figures += table_words(stored, where)
    return FigureBook(figures)


SHORT = 40  # a status, a name, a municipality: longer text (a comment) is no figure


def table_words(stored: dict, where: str) -> list[Figure]:
    """The short words of a block's table, named by row and column as its numbers are
    ("Nesset Kommunehus – Overordnet status" → "Utsatt"): a project's status, a
    ticket's municipality."""
    columns = stored["columns"]
    return [
        Figure(stored["block"], f"{row[0]} – {column}", cell, where=where)
        for row in stored["rows"]
        for column, cell in zip(columns[1:], row[1:], strict=False)
        if isinstance(cell, str)
        and 0 < len(cell) <= SHORT
        and as_number(cell) is None
        and not ISO_DATE.match(cell)
    ]
