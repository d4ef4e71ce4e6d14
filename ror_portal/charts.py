"""Charts as inline vector SVG made with matplotlib, for the page and the PDF.

A chart is never the only way to read a figure: the blocks show the same
numbers in a table beside it, and give the chart a text alternative. The SVG
is deterministic for the same data (no timestamps, ids salted by the chart's
name), and cached, since a report renders the same figures many times.

Each chart is drawn twice: wide for the screen and the PDF, and narrow with the
same type for phones, since a wide drawing shrunk to a phone's width makes its
text half the size of the page's.
"""

import io
import itertools
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from django.conf import settings
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ror_portal.formatting import MISSING, format_number, format_percent


@lru_cache(maxsize=1)
def _pyplot():
    """matplotlib (55 MB, a second to load) is loaded by the process that draws a chart,
    not by every web process and task worker."""
    import matplotlib

    matplotlib.use("svg")
    # Labels are names from the data ("Lisenser $x^{$", "$100 $200"): drawn as written,
    # never read as mathtext, which fails on an unmatched "$" or "{".
    matplotlib.rcParams["text.parse_math"] = False
    # Labels are measured in the font they are shown and printed in: the one the
    # project ships (static/fonts), not whatever the host has.
    from matplotlib import font_manager

    for font in sorted((settings.BASE_DIR / "static" / "fonts").glob("SourceSans3-*.ttf")):
        font_manager.fontManager.addfont(str(font))
    import matplotlib.pyplot

    return matplotlib.pyplot


# Okabe–Ito: told apart with the common colour-vision deficiencies.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
# A value of None is a figure that does not exist (a month without tickets): it gets no
# bar and no point, where 0 would draw a bar of nothing that reads as "0 %".
Values = tuple[float | None, ...]
Series = tuple[tuple[str, Values], ...]
PERCENT = "%"


@dataclass(frozen=True)
class Layout:
    """A drawing's size in inches and its type in points. The page shows an SVG at its
    own size (1 pt = 4/3 px) or smaller where the column is narrower, never larger, so
    12.5 pt is 16.7 px: at least the body text's 16 px."""

    suffix: str
    width: float
    height: float
    font_size: float
    legend_columns: int | None  # None: all series in one row
    most_ticks: int  # labels along a time axis, at most
    value_ticks: (
        int | Literal["auto"]
    )  # along the axis of counts, as matplotlib's MaxNLocator takes it
    label_width: int  # characters of a category's name on a line; longer ones wrap


# The narrow one fits a 390 px phone's column (358 px) without being shrunk.
WIDE = Layout(
    "", 7, 3.4, 12.5, legend_columns=None, most_ticks=12, value_ticks="auto", label_width=28
)
NARROW = Layout(
    "-narrow", 3.6, 4.4, 13, legend_columns=1, most_ticks=6, value_ticks=4, label_width=16
)


@dataclass(frozen=True)
class Chart:
    """The same chart for wide screens and print, and for phones."""

    wide: SafeString
    narrow: SafeString


Draw = Callable[[object, Layout], None]


def _chart(name: str, description: str, draw: Draw, *, height: float | None = None) -> Chart:
    wide, narrow = (_drawn(name, description, draw, layout, height) for layout in (WIDE, NARROW))
    return Chart(wide, narrow)


def _drawn(name, description, draw, layout: Layout, height: float | None) -> SafeString:
    plt = _pyplot()
    # Sizes are fixed when the text is made, so the type is set before drawing; the
    # constrained layout fits labels and legend inside the figure, which keeps its size.
    with plt.rc_context({"font.size": layout.font_size}):
        figure, axes = plt.subplots(
            figsize=(layout.width, height or layout.height), layout="constrained"
        )
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_axisbelow(True)
        draw(axes, layout)
        series = len(axes.get_legend_handles_labels()[0])
        if series > 1:
            figure.legend(
                frameon=False,
                ncols=layout.legend_columns or series,
                loc="outside upper center",
            )
    return _svg(figure, name=name + layout.suffix, description=description)


def _value_axis(axes, which: str, layout: Layout, *, label: str, unit: str | None) -> None:
    """The axis of the figures ("x" or "y"), saying what they count, with their unit
    on every tick ("50 %", "1 000")."""
    from matplotlib.ticker import MaxNLocator

    axis = axes.xaxis if which == "x" else axes.yaxis
    axis.set_label_text(label)
    axes.grid(axis=which, color="#dddddd", linewidth=0.6)
    if unit == PERCENT:
        (axes.set_xlim if which == "x" else axes.set_ylim)(0, 100)
        axis.set_major_formatter(lambda value, _: format_percent(Decimal(round(value)), 0))
    else:
        axis.set_major_locator(MaxNLocator(nbins=layout.value_ticks, integer=True))
        axis.set_major_formatter(lambda value, _: format_number(Decimal(round(value))))


def _svg(figure, *, name: str, description: str) -> SafeString:
    buffer = io.StringIO()
    # The text stays text (found by search, read by screen readers), in the font the
    # chart was laid out with (the shipped one, which the pages and the PDF load too).
    fonts = ["Source Sans 3", "Arial", "Helvetica"]
    plt = _pyplot()
    with plt.rc_context({"svg.hashsalt": name, "svg.fonttype": "none", "font.sans-serif": fonts}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # A third of matplotlib's SVG is indentation and ids of groups nothing refers to;
    # the page carries many charts, and board members read it on phones too.
    svg = re.sub(r">\s+<", "><", svg).replace(" \n", " ").replace("\n", " ")
    svg = _without_empty_groups(re.sub(r'<g id="[^"]*">', "<g>", svg))
    # Presentation attributes instead of style="…": WeasyPrint reads style attributes as
    # the page's CSS and logged every SVG property in them (some 900 warnings a report).
    # matplotlib's defaults go on the root, where they are inherited, not in a <style>
    # whose "*" rule would reach the whole page.
    defaults = re.search(r"<defs><style[^>]*>\*\{([^}]*)\}</style></defs>", svg)
    if defaults:
        svg = svg.replace(defaults.group(0), "").replace(
            "<svg ", f"<svg {_attributes(defaults.group(1))} ", 1
        )
    svg = re.sub(r'style="([^"]*)"', lambda m: _attributes(m.group(1)), svg)
    # matplotlib numbers its ids from 1 in every chart; a page has many charts.
    prefix = re.sub(r"\W", "-", name) + "-"
    svg = re.sub(r'(\bid="|url\(#|href="#)', lambda m: m.group(1) + prefix, svg)
    # The chart is one image to assistive technology; its text alternative is the description.
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(description)}" focusable="false" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - matplotlib's output with an escaped label


def _without_empty_groups(svg: str) -> str:
    """The drawing without its groups that have no attributes (matplotlib wraps every
    tick, label and bar in one): they change nothing drawn, and half of a chart's
    elements were such groups, each of which the PDF's stylesheet matching and the
    page's renderer go through."""
    kept: list[bool] = []  # of each group open at this point, whether its tags stay

    def group_tag(match: re.Match) -> str:
        tag = match.group(0)
        if tag == "</g>":
            return tag if kept.pop() else ""
        kept.append(tag != "<g>")
        return tag if kept[-1] else ""

    return re.sub(r"<g(?:\s[^>]*)?>|</g>", group_tag, svg)


def _attributes(declarations: str) -> str:
    """'fill: none; stroke: #000' as 'fill="none" stroke="#000"'; of a property given
    twice, the last, as in CSS."""
    pairs = (d.split(":", 1) for d in declarations.split(";") if d.strip())
    values = {name.strip(): value.strip() for name, value in pairs}
    return " ".join(f'{name}="{value}"' for name, value in values.items())


def _wrapped(labels: tuple[str, ...], layout: Layout) -> list[str]:
    """Names on at most three lines, so that a long one leaves room for the bars."""
    wrapper = textwrap.TextWrapper(layout.label_width, max_lines=3, placeholder=" …")
    return ["\n".join(wrapper.wrap(label)) or label for label in labels]


def _slant_if_crowded(axes) -> None:
    """Labels along the bottom that would run into each other (as on a phone) are set
    aslant; laid out first, to measure them as they would be drawn."""
    axes.figure.draw_without_rendering()
    boxes = [label.get_window_extent() for label in axes.get_xticklabels()]
    if any(left.x1 + 4 > right.x0 for left, right in itertools.pairwise(boxes)):
        axes.tick_params(axis="x", labelrotation=45)
        for label in axes.get_xticklabels():
            label.set(ha="right", rotation_mode="anchor")


def _drawable(values: Values) -> list[float]:
    return [math.nan if v is None else v for v in values]


@lru_cache(maxsize=256)
def bar_chart(
    name: str,
    labels: tuple[str, ...],
    series: Series,
    *,
    description: str,
    value_label: str,
    unit: str | None = None,
    horizontal: bool = False,
    stacked: bool = False,
) -> Chart:
    """Bars per label, one colour per series (side by side, or stacked). Where a
    value is None there is no bar, but a dash, so that it does not read as zero."""

    def draw(axes, layout: Layout) -> None:
        positions = range(len(labels))
        width = 0.8 if stacked else 0.8 / len(series)
        base = [0.0] * len(labels)
        for index, (label, values) in enumerate(series):
            offset = 0 if stacked else (index - (len(series) - 1) / 2) * width
            spots = [p + offset for p in positions]
            present = [i for i, value in enumerate(values) if value is not None]
            under = [base[i] for i in present]
            options = {"left" if horizontal else "bottom": under} if stacked else {}
            bar = axes.barh if horizontal else axes.bar
            bar(
                [spots[i] for i in present],
                [values[i] for i in present],
                width,
                label=label,
                color=COLOURS[index % len(COLOURS)],
                **options,
            )
            for spot, value in zip(spots, values, strict=True):
                if value is None and not stacked:
                    axes.annotate(
                        MISSING,
                        (0, spot) if horizontal else (spot, 0),
                        xytext=(4, 0) if horizontal else (0, 4),
                        textcoords="offset points",
                        ha="left" if horizontal else "center",
                        va="center" if horizontal else "bottom",
                    )
            if stacked:
                base = [b + (v or 0) for b, v in zip(base, values, strict=True)]
        if horizontal:
            axes.set_yticks(list(positions), _wrapped(labels, layout))
            axes.invert_yaxis()
            _value_axis(axes, "x", layout, label=value_label, unit=unit)
        else:
            axes.set_xticks(list(positions), _wrapped(labels, layout))
            _slant_if_crowded(axes)
            _value_axis(axes, "y", layout, label=value_label, unit=unit)

    rows = len(labels) if horizontal else 0
    return _chart(
        name,
        description,
        draw,
        height=max(2.6, 0.38 * rows + 1.4) if horizontal else None,
    )


@lru_cache(maxsize=256)
def line_chart(
    name: str,
    labels: tuple[str, ...],
    series: Series,
    *,
    description: str,
    value_label: str,
) -> Chart:
    """Lines over time, one colour and marker shape per series."""

    def draw(axes, layout: Layout) -> None:
        markers = ["o", "s", "^", "D"]
        positions = list(range(len(labels)))
        for index, (label, values) in enumerate(series):
            axes.plot(
                positions,
                _drawable(values),
                label=label,
                color=COLOURS[index % len(COLOURS)],
                marker=markers[index % len(markers)],
                linewidth=2,
            )
        # Every n-th date, from the last (the report's), when they do not all fit.
        step = math.ceil(len(labels) / layout.most_ticks)
        shown = positions[::-1][::step][::-1]
        axes.set_xticks(shown, [labels[p] for p in shown], rotation=45, ha="right")
        _value_axis(axes, "y", layout, label=value_label, unit=None)
        axes.set_ylim(bottom=0)

    return _chart(name, description, draw)


def as_series(pairs: Sequence[tuple[str | Promise, Sequence[float | Decimal | None]]]) -> Series:
    """Hashable series for the cached chart functions (labels lazy or not)."""
    return tuple(
        (str(label), tuple(None if v is None else float(v) for v in values))
        for label, values in pairs
    )
