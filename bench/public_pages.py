"""Benchmark: the public's pages under /innsyn/ for the demo (issue 30).

Prints the server time of each page (Django's test client, no network) cold (the
stored HTML not yet read into the process, the first visit), warm (visited before),
and revisited with the ETag (304), and the queries each one asks. Runs against a fresh
SQLite database in a temporary folder unless BENCH_DATABASE_URL names another (it is
migrated and gets the demo data).

    .venv/bin/python bench/public_pages.py [--runs 20]
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import scratch_django, summary, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    scratch_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from publicaccess.models import PublicEdition
    from reports import frozen

    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.PUBLIC_ACCESS_REQUESTS_PER_MINUTE = 1_000_000  # the benchmark is one address
    report = PublicEdition.objects.get(kind="report", slug="2024-01", number=1)
    block = sorted(report.figures)[0]
    pages = {
        "/innsyn/": "/innsyn/",
        "meeting": f"/innsyn/moter/{report.meeting.slug}/",
        "report's public edition": report.get_absolute_url(),
        "its PDF": report.pdf_url,
        f"CSV of block {block}": f"/innsyn/report/2024-01/v1/tall/{block}.csv",
        "search (sikkerhet)": "/innsyn/sok/?q=sikkerhet",
        "Atom feed": "/innsyn/feed.atom",
    }
    client = Client()
    print(f"Database: {connection.vendor}; public editions: {PublicEdition.objects.count()}")

    def cold(url):
        frozen._stored.clear()  # the process's copy of the stored HTML (reports.frozen)
        return client.get(url)

    for label, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = cold(url)
        size = len(response.content) if not response.streaming else response.get("Content-Length")
        print(f"{label}: {url} HTTP {response.status_code}, {size} bytes, {len(queries)} queries")
        summary("  cold", timed(lambda url=url: cold(url), args.runs))
        summary("  warm", timed(lambda url=url: client.get(url), args.runs))
        revisit = {"if-none-match": response["ETag"]}
        status = client.get(url, headers=revisit).status_code
        summary(
            f"  revisit with its ETag (HTTP {status})",
            timed(lambda url=url, revisit=revisit: client.get(url, headers=revisit), args.runs),
        )


if __name__ == "__main__":
    main()
