import logging
import re

import pytest
from weasyprint import HTML

from ror_portal.charts import (
    NARROW,
    PERCENT,
    WIDE,
    _without_empty_groups,
    as_series,
    bar_chart,
    line_chart,
)
from ror_portal.formatting import NBSP

# CSS px per SVG unit when the SVG is shown at its own size (matplotlib's units are points).
PX_PER_PT = 96 / 72
BODY_PX = 16  # the body text's size: the browser's default, which portal.css keeps
PHONE_COLUMN_PX = 390 - 2 * 16  # a 390 px phone less main's padding


def _charts():
    return [
        bar_chart(
            "test-bar",
            ("Aukra", "Molde"),
            as_series([("Budsjett", [1, 2]), ("Regnskap", [2, 1])]),
            description="Budsjett og regnskap",
            value_label="Kroner",
        ),
        line_chart(
            "test-line",
            ("jan", "feb", "mar"),
            as_series([("Saker", [3, 1, 2])]),
            description="Saker per måned",
            value_label="Saker",
        ),
    ]


def _drawings():
    return [svg for chart in _charts() for svg in (chart.wide, chart.narrow)]


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def bars(svg: str, colour: str) -> int:
    """Filled shapes of a colour: the bars, and the legend's patch when there is one."""
    return len(re.findall(rf'<path [^>]*fill="{colour}"', svg))


def test_charts_style_their_drawing_with_presentation_attributes():
    for svg in _drawings():
        assert "style=" not in svg and "<style" not in svg
        root = svg[: svg.index(">")]
        assert 'stroke-linejoin="round"' in root and 'stroke-linecap="butt"' in root
        assert re.search(r'<path [^>]*fill="#ffffff"', svg)
        assert re.search(r'<text [^>]*font-size="[\d.]+px"[^>]*text-anchor="(middle|end)"', svg)
    bars_, line = _charts()
    assert re.search(r'<path [^>]*fill="#0072b2"', bars_.wide)  # the first series' colour
    assert re.search(r'<path [^>]*fill="none" stroke="#0072b2" stroke-width="2"', line.narrow)


def test_groups_without_attributes_are_left_out_and_what_they_held_stays():
    assert (
        _without_empty_groups(
            '<svg><g><g clip-path="url(#c)"><g><path d="M 0 0"/></g>'
            '<text>a</text></g></g><g><use href="#m"/></g></svg>'
        )
        == '<svg><g clip-path="url(#c)"><path d="M 0 0"/><text>a</text></g><use href="#m"/></svg>'
    )
    for svg in _drawings():
        assert "<g>" not in svg and svg.count("<g") == svg.count("</g>")


@pytest.mark.parametrize(("layout", "drawing"), [(WIDE, "wide"), (NARROW, "narrow")])
def test_chart_text_is_as_large_as_the_body_text_at_the_drawings_own_size(layout, drawing):
    for chart in _charts():
        svg = getattr(chart, drawing)
        width = float(re.search(r'<svg [^>]*width="([\d.]+)pt"', svg).group(1))
        assert width == layout.width * 72
        sizes = {float(size) for size in re.findall(r'font-size="([\d.]+)px"', svg)}
        assert sizes and min(sizes) * PX_PER_PT >= BODY_PX
    # The narrow drawing fits a phone's column, so it is never shrunk there.
    assert NARROW.width * 72 * PX_PER_PT <= PHONE_COLUMN_PX


def test_the_drawings_of_a_chart_have_ids_of_their_own():
    chart = _charts()[0]
    wide = set(re.findall(r'\bid="([^"]+)"', chart.wide))
    narrow = set(re.findall(r'\bid="([^"]+)"', chart.narrow))
    assert wide and narrow and not wide & narrow


def test_a_percent_axis_says_percent_on_every_tick_and_ends_at_100():
    chart = bar_chart(
        "test-percent",
        ("Lav", "Høy"),
        as_series([("Januar", [40, 90])]),
        description="SLA",
        value_label="Løst innen SLA",
        unit=PERCENT,
    )
    for svg in (chart.wide, chart.narrow):
        drawn = texts(svg)
        assert "Løst innen SLA" in drawn
        ticks = [t for t in drawn if t.endswith("%")]
        assert ticks[0] == f"0{NBSP}%" and ticks[-1] == f"100{NBSP}%"
        assert all(re.fullmatch(rf"\d+{NBSP}%", tick) for tick in ticks)


def test_a_count_axis_is_named_and_counts_in_whole_numbers():
    chart = _charts()[1]
    for svg in (chart.wide, chart.narrow):
        drawn = texts(svg)
        assert "Saker" in drawn
        assert "1,5" not in drawn and "1.5" not in drawn and "3" in drawn


def test_a_missing_value_has_no_bar_but_a_dash_where_zero_has_a_bar():
    def chart(values, name):
        return bar_chart(
            name,
            ("Lav", "Medium", "Kritisk"),
            as_series([("Desember", values)]),
            description="SLA",
            value_label="Løst innen SLA",
            unit=PERCENT,
        )

    missing = chart([50, 80, None], "test-missing")
    zero = chart([50, 80, 0], "test-zero")
    for drawing in ("wide", "narrow"):
        assert bars(getattr(missing, drawing), "#0072b2") == 2
        assert texts(getattr(missing, drawing)).count("–") == 1
        assert bars(getattr(zero, drawing), "#0072b2") == 3
        assert "–" not in texts(getattr(zero, drawing))


def test_labels_that_would_collide_are_set_aslant_on_the_narrow_drawing_only():
    chart = bar_chart(
        "test-aslant",
        ("Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"),
        as_series([("SLA OK %", [81.6, 78.8, 81.9, 81.2, 85.5])]),
        description="SLA per kommune",
        value_label="Løst innen SLA",
        unit=PERCENT,
    )
    assert "rotate(-45" in chart.narrow
    assert "rotate(-45" not in chart.wide


def test_a_long_name_wraps_and_leaves_room_for_the_bars(recwarn):
    name = "Lisenser og abonnementer for fagsystemene i alle fem kommunene, fornyet i januar"
    chart = bar_chart(
        "test-long",
        (name, "Skrivere"),
        as_series([("Feilmelding", [3, 1]), ("Tjenesteforespørsel", [2, 2])]),
        description="Nye saker",
        value_label="Saker",
        horizontal=True,
        stacked=True,
    )

    def lines_of(svg):
        return [t for t in texts(svg) if t.split()[0] in name.split()]

    for layout, svg in ((WIDE, chart.wide), (NARROW, chart.narrow)):
        lines = lines_of(svg)
        assert 2 <= len(lines) <= 3 and all(len(line) <= layout.label_width for line in lines)
        assert lines[0].startswith("Lisenser")
    assert " ".join(lines_of(chart.wide)) == name  # three lines of 28 hold it all
    assert lines_of(chart.narrow)[-1].endswith(" …")  # the table beside has it in full
    # matplotlib warns when the names leave the axes no room ("axes sizes collapsed").
    assert [str(w.message) for w in recwarn] == []


def test_a_chart_goes_into_the_pdf_without_warnings(caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = HTML(string=f"<html><body>{''.join(_drawings())}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
