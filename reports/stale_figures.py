"""Figures gone stale in a copied text: a number typed by hand last month that was one of
last month's figures, and that figure is different now ("2.1.2.3 nevner 140; tallet var
140 i januar og er 219 nå"). A reference never goes stale; a typed number may."""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from reports.live_figures import REFERENCE, Figure, FigureBook, quote
from reports.models import MonthlyReport, ReportVersion
from reports.rendering import report_figures
from reports.tree import NumberedSection
from ror_portal.blocks import key_figures_of
from ror_portal.dates import add_months
from ror_portal.formatting import figure_change, format_figure, month_name

# A number as typed in Norwegian: "140", "1,938", "1 938 000", "600.000", "1,68" — not a
# part of a date ("01.02.24"), a code ("Q3") or a longer number; and whether "mill." follows.
NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \xa0.]\d{3})+|\d+)(?:,(\d+))?(?![\w]|[.,]\d)"
    r"(?=(?P<millions>[ \xa0]*mill\b)?)"
)
DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class StaleFigure:
    section: str  # "2.1.2.3 Oversikt over feilmeldinger"
    typed: str  # "140"
    label: str
    before: str  # as last month's report wrote it
    now: str
    month: str  # "januar"

    def __str__(self) -> str:
        return (
            _(
                "%(section)s mentions %(typed)s; the figure (%(label)s) was %(before)s in "
                "%(month)s and is %(now)s now"
            )
            % self.__dict__
        )


@dataclass(frozen=True)
class TypedNumber:
    written: str  # "1,938"
    value: Decimal
    decimals: int
    millions: bool  # "1,938 mill. kr"


def typed_numbers(text: str) -> list[TypedNumber]:
    """The numbers typed in a text, outside its references."""
    plain = REFERENCE.sub(" ", text or "")
    return [
        TypedNumber(
            match.group(0),
            Decimal(DIGITS.sub("", match[1]) + "." + (match[2] or "0")),
            len(match[2] or ""),
            bool(match["millions"]),
        )
        for match in NUMBER.finditer(plain)
    ]


def is_written_as(typed: TypedNumber, figure: Figure) -> bool:
    """Whether a typed number is the figure as last month's text would have written it:
    kroner in millions with decimals ("1,2 mill. kr" for 1 200 000 kr) or whole, other
    figures with the decimals the report prints them with ("1,17" for 1,17 %)."""
    value = abs(Decimal(figure.value))  # type: ignore[arg-type]
    if figure.unit == "kr":
        if typed.millions:
            shown = value / 1_000_000
            return typed.decimals > 0 and typed.value == _rounded(shown, typed.decimals)
        return typed.decimals == 0 and typed.value == _rounded(value, 0)
    printed = format_figure(value, figure.unit).removesuffix("\xa0%")
    return not typed.millions and typed.written == printed


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def last_months_version(report: MonthlyReport) -> ReportVersion | None:
    """The latest published version of the month before ``report``'s: what its copied
    texts said, with the figures they were read with."""
    return (
        ReportVersion.objects.filter(report__month=add_months(report.month, -1))
        .select_related("report__meeting")
        .order_by("-number")
        .first()
    )


def stale_figures(
    report: MonthlyReport, items: list[NumberedSection], current: FigureBook | None = None
) -> list[StaleFigure]:
    """The typed numbers of the report's copied texts (``items``: its numbered sections)
    that were a figure of the section (its block's or a block's below it) in last month's
    published version and differ now. Today's figures (``current``, or computed: the
    blocks run) are needed only if a number may be stale."""
    previous = last_months_version(report)
    if previous is None:
        return []
    before = {
        number: [
            Figure(stored["block"], kf.label, kf.value, kf.unit) for kf in key_figures_of(stored)
        ]
        for number, stored in previous.block_data.items()
    }
    suspects = []
    for item in items:
        section = item.section
        if not section.unchanged_since_copy:
            continue
        figures = [
            figure
            for number, figures in before.items()
            if number == item.number or number.startswith(item.number + ".")
            for figure in figures
        ]
        for typed in typed_numbers(f"{section.body}\n{section.body_after_block}"):
            suspects += [
                (item.label, typed, figure) for figure in figures if is_written_as(typed, figure)
            ]
    if not suspects:
        return []
    current = current or report_figures(report)
    stale: dict[tuple[str, int], StaleFigure] = {}
    for where, typed, figure in suspects:
        now = current.find_figure(figure.source, figure.label)
        changed = isinstance(now and now.value, Decimal) and figure_change(
            figure.value,  # type: ignore[arg-type]
            now.value,  # type: ignore[arg-type, union-attr]
            figure.unit,
        )
        if not changed or (where, id(typed)) in stale:
            continue  # a number that two figures share is named once, by the first changed
        stale[where, id(typed)] = StaleFigure(
            where,
            typed.written,
            figure.label,
            format_figure(figure.value, figure.unit),  # type: ignore[arg-type]
            quote(now) or "",  # type: ignore[arg-type]
            month_name(previous.report.month.month),
        )
    return list(stale.values())
