import logging
import re

from weasyprint import HTML

from ror_portal.charts import as_series, bar_chart, line_chart


def _charts() -> list[str]:
    return [
        bar_chart(
            "test-bar",
            ("Aukra", "Molde"),
            as_series([("Budsjett", [1, 2]), ("Regnskap", [2, 1])]),
            description="Budsjett og regnskap",
        ),
        line_chart(
            "test-line",
            ("jan", "feb", "mar"),
            as_series([("Saker", [3, 1, 2])]),
            description="Saker per måned",
        ),
    ]


def test_charts_style_their_drawing_with_presentation_attributes():
    for svg in _charts():
        assert "style=" not in svg and "<style" not in svg
        root = svg[: svg.index(">")]
        assert 'stroke-linejoin="round"' in root and 'stroke-linecap="butt"' in root
        assert re.search(r'<path [^>]*fill="#ffffff"', svg)
        assert re.search(r'<text [^>]*font-size="10px"[^>]*text-anchor="(middle|end)"', svg)
    bars, line = _charts()
    assert re.search(r'<path [^>]*fill="#0072b2"', bars)  # the first series' colour
    assert re.search(r'<path [^>]*fill="none" stroke="#0072b2" stroke-width="2"', line)


def test_a_chart_goes_into_the_pdf_without_warnings(caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = HTML(string=f"<html><body>{''.join(_charts())}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
