"""Benchmark: a year's finance workbook, 5 municipalities × 50 cost items × 12 months.

The year 2024 gets 100 budget lines (operating and investment) with twelve months of
actuals (and own monthly budgets for a fifth of them), ten keys, 48 cost items that
split the deviations month by month, one typed item and the SOC+ agreement's. Prints
the time to build the whole workbook from the database, the splits alone and the
workbook from ready splits, with their queries; then the finance page's queries for
few and many items and months. Target: the workbook in at most 300 ms; the page's
queries the same whatever the items or months. Runs against a fresh SQLite database
in a temporary folder unless BENCH_DATABASE_URL names another.

    .venv/bin/python bench/finance_workbook.py [--runs 20]
"""

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import scratch_django, summary, timed

YEAR = 2024
SHARES = {"aukra": 8.09, "hustadvika": 19.72, "molde": 47.10, "rauma": 12.31, "vestnes": 12.78}
KEYS, LINES, DEVIATION_ITEMS = 10, 100, 48


def year_with_items(months: int, items: int) -> None:
    """The year's lines, actuals through ``months``, keys and ``items`` cost items."""
    from budget.models import (
        AllocationKey,
        AllocationShare,
        BudgetLine,
        CostItem,
        MonthlyActual,
        MonthlyBudget,
    )
    from ror_portal.models import Municipality
    from security import demo

    CostItem.objects.filter(year=YEAR).delete()
    BudgetLine.objects.filter(year=YEAR).delete()
    AllocationKey.objects.filter(year=YEAR).delete()
    members = {m.slug: m for m in Municipality.objects.all()}
    keys = []
    for number in range(KEYS):
        key = AllocationKey.objects.create(year=YEAR, name=f"Nøkkel {number}")
        shares = dict(SHARES)
        shares["molde"] = round(shares["molde"] - number * 0.37, 2)
        shares["aukra"] = round(100 - sum(v for k, v in shares.items() if k != "aukra"), 2)
        AllocationShare.objects.bulk_create(
            AllocationShare(key=key, municipality=members[slug], percent=Decimal(str(percent)))
            for slug, percent in shares.items()
        )
        keys.append(key)
    if not AllocationKey.objects.filter(year=YEAR, name="Fordelingsnøkkel 2024").exists():
        key = AllocationKey.objects.create(year=YEAR, name="Fordelingsnøkkel 2024")
        AllocationShare.objects.bulk_create(
            AllocationShare(key=key, municipality=members[slug], percent=Decimal(str(percent)))
            for slug, percent in SHARES.items()
        )
    demo.load()  # the SOC+ agreement and its cost item
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(
            year=YEAR,
            kind="operating" if number % 4 else "investment",
            name=f"Post {number}",
            annual_budget=Decimal(1_200_000 + 12_345 * number),
            order=number,
        )
        for number in range(LINES)
    )
    MonthlyBudget.objects.bulk_create(
        MonthlyBudget(line=line, month=month, amount=line.annual_budget / 12)
        for line in lines[::5]
        for month in range(1, 13)
    )
    MonthlyActual.objects.bulk_create(
        MonthlyActual(
            line=line, month=month, amount=line.annual_budget / 12 + (number % 7 - 3) * 1001
        )
        for number, line in enumerate(lines)
        for month in range(1, months + 1)
    )
    deviation = min(items - 2, DEVIATION_ITEMS)
    CostItem.objects.bulk_create(
        [
            *(
                CostItem(
                    year=YEAR,
                    name=f"Avvik {number}",
                    key=keys[number % KEYS],
                    source="operating_deviation" if number % 2 else "investment_deviation",
                    kind="operating" if number % 2 else "investment",
                    order=10 + number,
                )
                for number in range(deviation)
            ),
            CostItem(year=YEAR, name="Lisenser", key=keys[0], amount=Decimal(250_001), order=99),
        ]
    )


def page_queries(months: int, items: int) -> int:
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    year_with_items(months, items)
    user, _ = User.objects.get_or_create(username="bench-okonomi")
    user.groups.set([Group.objects.get(name="Økonomi")])
    client = Client()
    client.force_login(user)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/okonomi/?ar={YEAR}&til={months}")
    if response.status_code != 200:
        raise SystemExit(f"the finance page answered {response.status_code}")
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    scratch_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import translation

    from budget.periods import split_period
    from budget.splits import period_splits
    from budget.spreadsheets import year_workbook

    translation.activate("nb")
    few = {(months, items): 0 for months, items in ((2, 5), (12, 5), (2, 50), (12, 50))}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for months, items in few:
            few[(months, items)] = page_queries(months, items)

    year_with_items(12, 50)
    period = split_period(YEAR, 12)
    splits = period_splits(period)
    size = len(year_workbook(splits))
    with_months = sum(1 for item in splits.items if item.months)
    print(
        f"Database: {connection.vendor}; {YEAR}: {len(splits.items)} cost items"
        f" ({with_months} with 12 months), {len(splits.municipalities)} municipalities,"
        f" {LINES} budget lines; workbook {size / 1024:.1f} KiB"
    )
    summary(
        "whole workbook from the database",
        timed(lambda: year_workbook(period_splits(split_period(YEAR, 12))), args.runs),
    )
    cpu = []
    for _run in range(args.runs):
        start = time.process_time()
        year_workbook(period_splits(split_period(YEAR, 12)))
        cpu.append((time.process_time() - start) * 1000)
    # CPU time too: on a shared machine the wall time carries other processes' load
    summary("whole workbook, CPU time of this process", cpu)
    summary("period_splits alone", timed(lambda: period_splits(period), args.runs))
    summary("year_workbook from ready splits", timed(lambda: year_workbook(splits), args.runs))
    with CaptureQueriesContext(connection) as queries:
        period_splits(split_period(YEAR, 12))
    print(f"queries of split_period + period_splits: {len(queries)}")
    for (months, items), count in few.items():
        print(f"finance page, {items:>2} cost items, {months:>2} months: {count} queries")


if __name__ == "__main__":
    main()
