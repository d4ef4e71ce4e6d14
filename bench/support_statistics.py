"""Benchmark: all of report section 2.1.2 (the nine support blocks) for January
2024 over many tickets on PostgreSQL.

Makes the tickets with one INSERT … SELECT generate_series in a scratch
database (created and dropped by the script), then times each block and all of
them together, and counts their queries. Prints the figures; asserts nothing.

    BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432 \
        .venv/bin/python bench/support_statistics.py 1000 1000000
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "ror_bench_support"

TICKETS_SQL = """
INSERT INTO support_ticket (number, kind, category_id, municipality_id, priority, subject,
                            created, first_response, resolved, status, resolution_seconds)
SELECT 'b' || n,
       CASE WHEN n % 2 = 0 THEN 'incident' ELSE 'request' END,
       {category},
       (ARRAY[{municipalities}])[1 + n % 5],
       -- critical tickets are rare, a few a month, as at the service desk
       CASE WHEN n % 4999 = 0 THEN 'critical'
            ELSE (ARRAY['low','medium','medium','medium','high'])[1 + n % 5] END,
       'Benchmark',
       created, created, resolved, 'Løst',
       CASE WHEN resolved IS NULL THEN NULL
            ELSE EXTRACT(EPOCH FROM resolved - created)::bigint END
FROM (
  SELECT n,
         timestamptz '2021-01-01' + (n::float / {count}) * interval '1125 days' AS created,
         CASE WHEN n % 50 = 0 THEN NULL
              ELSE timestamptz '2021-01-01' + (n::float / {count}) * interval '1125 days'
                   + ((n::bigint * 7919) % 2000000) * interval '1 second' END AS resolved
  FROM generate_series(1, {count}) AS n
) AS generated
"""


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [1_000, 1_000_000]
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ror_portal.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ror_portal.blocks import get_block, registered_blocks
    from ror_portal.charts import bar_chart, line_chart
    from ror_portal.models import Municipality
    from support.models import Category, Ticket

    call_command("migrate", verbosity=0)
    category = Category.objects.create(name="Brukerstøtte")
    municipalities = ",".join(str(pk) for pk in Municipality.objects.values_list("pk", flat=True))
    blocks = [b for b in registered_blocks() if b.name.startswith("support.")]
    import datetime

    from ror_portal.blocks import Period

    period = Period(
        datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
    )
    print(f"PostgreSQL {connection.cursor().connection.info.server_version}; {len(blocks)} blocks")
    for count in counts:
        Ticket.objects.all().delete()
        start = time.perf_counter()
        sql = (
            TICKETS_SQL.replace("{category}", str(category.pk))
            .replace("{municipalities}", municipalities)
            .replace("{count}", str(count))
            .replace("%%", "%")
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.execute("ANALYZE support_ticket")
        print(f"\n{count:>9} tickets made in {time.perf_counter() - start:.1f} s")
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
    connection.close()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
