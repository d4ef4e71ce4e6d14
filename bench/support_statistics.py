"""Benchmark: all of report section 2.1.2 (the nine support blocks) for January
2024 over many tickets on PostgreSQL.

Makes the tickets with one INSERT … SELECT generate_series in a scratch
database (created and dropped by the script), then times each block and all of
them together, and counts their queries. Prints the figures; asserts nothing.

    BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432 \
        .venv/bin/python bench/support_statistics.py 1000 1000000
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from postgres_tickets import generate_tickets, scratch_postgres


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [1_000, 1_000_000]
    with scratch_postgres():
        measure(counts)


def measure(counts: list[int]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ror_portal.blocks import get_block, registered_blocks
    from ror_portal.charts import bar_chart, line_chart

    blocks = [b for b in registered_blocks() if b.name.startswith("support.")]
    import datetime

    from ror_portal.blocks import Period

    period = Period(
        datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
    )
    print(f"PostgreSQL {connection.cursor().connection.info.server_version}; {len(blocks)} blocks")
    for count in counts:
        print(f"\n{count:>9} tickets made in {generate_tickets(count):.1f} s")
        for block in blocks:
            block.function(period)  # warm up
        bar_chart.cache_clear()
        line_chart.cache_clear()
        runs = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                for block in blocks:
                    get_block(block.name).function(period)
                runs.append(time.perf_counter() - started)
        print(
            f"  all of 2.1.2: median {statistics.median(runs) * 1000:.0f} ms, "
            f"{len(queries)} queries (charts cached after the first run)"
        )
        for block in blocks:
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                block.function(period)
            print(
                f"  {block.name:<28} {(time.perf_counter() - started) * 1000:7.1f} ms  "
                f"{len(queries)} queries"
            )


if __name__ == "__main__":
    main()
