"""A scratch PostgreSQL database with as many support tickets as a benchmark asks for:
what bench/support_statistics.py and bench/report_at_scale.py measure over."""

import contextlib
import os
import time
from collections.abc import Iterator

from timing import django_on

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


@contextlib.contextmanager
def scratch_postgres() -> Iterator[None]:
    """Django on a fresh database on BENCH_POSTGRES's server, dropped afterwards."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    django_on(f"{SERVER}/{DATABASE}")
    from django.db import connection

    try:
        yield
    finally:
        connection.close()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def generate_tickets(count: int) -> float:
    """``count`` tickets from 2021 into 2024 in place of those there were, made by one
    INSERT … SELECT generate_series, with the planner's statistics: the seconds it took
    (after the old tickets were deleted)."""
    from django.db import connection

    from ror_portal.models import Municipality
    from support.models import Category, Ticket

    category, _ = Category.objects.get_or_create(name="Brukerstøtte")
    municipalities = ",".join(str(pk) for pk in Municipality.objects.values_list("pk", flat=True))
    Ticket.objects.all().delete()
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            TICKETS_SQL.format(category=category.pk, municipalities=municipalities, count=count)
        )
        cursor.execute("ANALYZE support_ticket")
    return time.perf_counter() - start
