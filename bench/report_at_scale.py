"""Benchmark: the whole January 2024 report over 10 000, 100 000 and 1 000 000 tickets
on PostgreSQL: HTML render, PDF render, the year's XLSX, queries and peak memory.

Uses a scratch database (created and dropped here) with the demo's budget, projects and
security data, the demo report's sections, and generated tickets (as bench/support_statistics.py).

    .venv/bin/python bench/report_at_scale.py [10000 100000 1000000]
"""

import datetime
import functools
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from postgres_tickets import generate_tickets, scratch_postgres


def seconds(function):
    """Seconds of one call, and its result."""
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def peak_megabytes(function) -> float:
    """Peak traced memory of one call, in MB. Tracing slows Python's allocations several
    times over, so the times are taken in calls of their own."""
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
    with scratch_postgres():
        measure(counts)


def measure(counts: list[int]) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from budget import demo as budget_demo
    from budget.periods import split_period
    from budget.splits import period_splits
    from budget.spreadsheets import year_workbook
    from projects import demo as projects_demo
    from reports.demo import replace_sections
    from reports.models import BoardMeeting, MonthlyReport
    from reports.outline import parse_outline
    from reports.rendering import report_content, report_pdf
    from ror_portal.charts import bar_chart, line_chart
    from security import demo as security_demo

    budget_demo.load()
    projects_demo.load()
    security_demo.load()
    meeting = BoardMeeting.objects.create(number="2024/M1", date=datetime.date(2024, 2, 14))
    report = MonthlyReport.objects.create(
        meeting=meeting, month=datetime.date(2024, 1, 1), as_of=datetime.date(2024, 2, 1)
    )
    outline = (settings.BASE_DIR / "fixtures/report-2024-01.md").read_text(encoding="utf-8")
    replace_sections(report, parse_outline(outline))
    print(f"PostgreSQL; the January 2024 report, {report.sections.count()} sections")
    print(
        f"{'tickets':>9} {'HTML':>9} {'queries':>8} {'peak MB':>8} {'PDF':>8} {'peak MB':>8}"
        f" {'XLSX':>8}"
    )

    def html():
        bar_chart.cache_clear()  # each run draws its charts anew
        line_chart.cache_clear()
        return report_content(report=report)

    for count in counts:
        generate_tickets(count)
        html_peak = peak_megabytes(html)
        with CaptureQueriesContext(connection) as queries:
            html_seconds, (_, assembled) = seconds(html)
        pdf = functools.partial(report_pdf, report=report, assembled=assembled)
        pdf_peak = peak_megabytes(pdf)
        pdf_seconds, _ = seconds(pdf)
        xlsx_seconds, _ = seconds(lambda: year_workbook(period_splits(split_period(2023))))
        print(
            f"{count:>9} {html_seconds * 1000:>7.0f}ms {len(queries):>8} {html_peak:>8.1f}"
            f" {pdf_seconds:>7.1f}s {pdf_peak:>8.1f} {xlsx_seconds * 1000:>6.0f}ms"
        )


if __name__ == "__main__":
    main()
