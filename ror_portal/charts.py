"""Charts as inline vector SVG made with matplotlib, for the page and the PDF.

A chart is never the only way to read a figure: the blocks show the same
numbers in a table beside it, and give the chart a text alternative. The SVG
is deterministic for the same data (no timestamps, ids salted by the chart's
name), and cached, since a report renders the same figures many times.
"""

import io
import re
from collections.abc import Sequence
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=1)
def _pyplot():
    """matplotlib (55 MB, a second to load) is loaded by the process that draws a chart,
    not by every web process and task worker."""
    import matplotlib

    matplotlib.use("svg")
    # Labels are names from the data ("Lisenser $x^{$", "$100 $200"): drawn as written,
    # never read as mathtext, which fails on an unmatched "$" or "{".
    matplotlib.rcParams["text.parse_math"] = False
    import matplotlib.pyplot

    return matplotlib.pyplot


# Okabe–Ito: told apart with the common colour-vision deficiencies.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
Series = tuple[tuple[str, tuple[float, ...]], ...]


def _style(axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _svg(figure, *, name: str, description: str) -> SafeString:
    buffer = io.StringIO()
    # The text stays text (found by search, read by screen readers), in the font the
    # chart was laid out with, or the reader's nearest to it.
    fonts = ["DejaVu Sans", "Arial", "Helvetica"]
    plt = _pyplot()
    with plt.rc_context({"svg.hashsalt": name, "svg.fonttype": "none", "font.sans-serif": fonts}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # A third of matplotlib's SVG is indentation and ids of groups nothing refers to;
    # the page carries many charts, and board members read it on phones too.
    svg = re.sub(r">\s+<", "><", svg).replace(" \n", " ").replace("\n", " ")
    svg = re.sub(r'<g id="[^"]*">', "<g>", svg)
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


def _attributes(declarations: str) -> str:
    """'fill: none; stroke: #000' as 'fill="none" stroke="#000"'; of a property given
    twice, the last, as in CSS."""
    pairs = (d.split(":", 1) for d in declarations.split(";") if d.strip())
    values = {name.strip(): value.strip() for name, value in pairs}
    return " ".join(f'{name}="{value}"' for name, value in values.items())


@lru_cache(maxsize=256)
def bar_chart(
    name: str,
    labels: tuple[str, ...],
    series: Series,
    *,
    description: str,
    horizontal: bool = False,
    stacked: bool = False,
) -> SafeString:
    """Bars per label, one colour per series (side by side, or stacked)."""
    height = max(2.6, 0.38 * len(labels) + 1) if horizontal else 3.2
    figure, axes = _pyplot().subplots(figsize=(7, height))
    _style(axes)
    positions = range(len(labels))
    width = 0.8 if stacked else 0.8 / len(series)
    base = [0.0] * len(labels)
    for index, (label, values) in enumerate(series):
        offset = 0 if stacked else (index - (len(series) - 1) / 2) * width
        spots = [p + offset for p in positions]
        draw = axes.barh if horizontal else axes.bar
        options = {"left" if horizontal else "bottom": base} if stacked else {}
        draw(spots, values, width, label=label, color=COLOURS[index % len(COLOURS)], **options)
        if stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
    if horizontal:
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    else:
        axes.set_xticks(list(positions), labels)
    if len(series) > 1:
        axes.legend(
            frameon=False, ncols=len(series), loc="upper center", bbox_to_anchor=(0.5, 1.15)
        )
    return _svg(figure, name=name, description=description)


@lru_cache(maxsize=256)
def line_chart(
    name: str, labels: tuple[str, ...], series: Series, *, description: str
) -> SafeString:
    """Lines over time, one colour and marker shape per series."""
    figure, axes = _pyplot().subplots(figsize=(7, 3.2))
    _style(axes)
    markers = ["o", "s", "^", "D"]
    for index, (label, values) in enumerate(series):
        axes.plot(
            labels,
            values,
            label=label,
            color=COLOURS[index % len(COLOURS)],
            marker=markers[index % len(markers)],
            linewidth=2,
        )
    axes.set_ylim(bottom=0)
    axes.tick_params(axis="x", labelrotation=45)
    if len(series) > 1:
        axes.legend(
            frameon=False, ncols=len(series), loc="upper center", bbox_to_anchor=(0.5, 1.15)
        )
    return _svg(figure, name=name, description=description)


def as_series(pairs: Sequence[tuple[str | Promise, Sequence[float]]]) -> Series:
    """Hashable series for the cached chart functions (labels lazy or not)."""
    return tuple((str(label), tuple(float(v) for v in values)) for label, values in pairs)
