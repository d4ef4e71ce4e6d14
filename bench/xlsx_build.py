"""Benchmark: the finance workbook of a year with 50 cost items.

Prints the time to build the whole 2024 workbook from the database, and apart
the time of the cost splits (the queries) and of the workbook from ready splits
(openpyxl), with the number of queries the splits take. Target: at most
200 ms for the whole workbook. Runs against a fresh SQLite database in a
temporary folder unless BENCH_DATABASE_URL names another (it is migrated and
gets a 2024 key and the 50 items).

    .venv/bin/python bench/xlsx_build.py [--runs 20]
"""

import argparse
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import scratch_django, summary, timed

SHARES_2024 = {
    "aukra": "8.09",
    "hustadvika": "19.72",
    "molde": "47.10",
    "rauma": "12.31",
    "vestnes": "12.78",
}
ITEMS = 50


def year_with_items(year: int) -> None:
    """A key of the year and ITEMS typed cost items; made again on a reused database."""
    from budget.models import AllocationKey, AllocationShare, CostItem
    from ror_portal.models import Municipality

    key, _ = AllocationKey.objects.update_or_create(
        year=year, name="Bench-nøkkel", defaults={"basis": "Innbyggertall"}
    )
    for slug, percent in SHARES_2024.items():
        AllocationShare.objects.update_or_create(
            key=key,
            municipality=Municipality.objects.get(slug=slug),
            defaults={"percent": Decimal(percent)},
        )
    CostItem.objects.filter(key=key).delete()
    CostItem.objects.bulk_create(
        CostItem(
            year=year,
            name=f"Kostnadspost {number}",
            key=key,
            source="typed",
            amount=Decimal(10_000 + 37_123 * number),
            order=number,
        )
        for number in range(1, ITEMS + 1)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    scratch_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from budget.selectors import cost_splits
    from budget.spreadsheets import year_workbook

    year_with_items(2024)
    translation.activate("nb")
    splits = cost_splits(2024)
    size = len(year_workbook(splits))

    print(
        f"Database: {connection.vendor}; 2024: {len(splits.items)} cost items,"
        f" {len(splits.municipalities)} municipalities; workbook {size / 1024:.1f} KiB"
    )
    summary(
        "whole workbook from the database",
        timed(lambda: year_workbook(cost_splits(2024)), args.runs),
    )
    summary("cost_splits(2024) alone", timed(lambda: cost_splits(2024), args.runs))
    summary("year_workbook from ready splits", timed(lambda: year_workbook(splits), args.runs))
    with CaptureQueriesContext(connection) as queries:
        cost_splits(2024)
    print(f"queries of cost_splits(2024): {len(queries)}")


if __name__ == "__main__":
    main()
