"""Benchmark: the January 2024 demo report.

Prints the time to render its HTML and its PDF, and the server time and the
queries of serving the published version. Runs against a fresh SQLite database
in a temporary folder unless BENCH_DATABASE_URL names another (it is migrated
and gets the demo data).

    .venv/bin/python bench/report_render.py [--runs 10]
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import scratch_django, summary, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    scratch_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reports.models import MonthlyReport
    from reports.pdf import PDF_CACHE
    from reports.rendering import report_content, report_pdf

    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    report = MonthlyReport.objects.select_related("meeting").get(month="2024-01-01")
    assembled = report_content(report=report)[1]

    print(
        f"Database: {connection.vendor}; report: {report} with {len(assembled.sections)} sections"
    )
    summary(
        "HTML render (assemble + templates)",
        timed(lambda: report_content(report=report), args.runs),
    )

    def made_anew():
        # The PDFs are cached by their print HTML: empty the cache to time WeasyPrint.
        shutil.rmtree(Path(settings.MEDIA_ROOT) / PDF_CACHE, ignore_errors=True)
        return report_pdf(report=report, assembled=assembled)

    summary("PDF render (WeasyPrint)", timed(made_anew, max(3, args.runs // 3)))
    summary(
        "PDF of an unchanged draft (from the cache)",
        timed(lambda: report_pdf(report=report, assembled=assembled), args.runs),
    )

    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="styremedlem"))
    url = report.get_absolute_url()
    client.get(url)  # warm up
    summary("published version served (server time)", timed(lambda: client.get(url), args.runs * 5))
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    print(f"queries serving the published version (HTTP {status}): {len(queries)}")


if __name__ == "__main__":
    main()
