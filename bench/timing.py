"""What the benchmarks share: timing a function, printing figures, a scratch database,
a process for each size."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(function, runs: int) -> list[float]:
    """Milliseconds of each of ``runs`` calls."""
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def timed_once(call):
    """The result of one call, and its milliseconds."""
    begin = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - begin) * 1000


def summary(label: str, durations: list[float]) -> None:
    print(
        f"{label:<42} median {statistics.median(durations):8.1f} ms"
        f"   min {min(durations):8.1f} ms   max {max(durations):8.1f} ms   (n={len(durations)})"
    )


def scratch_django() -> Path:
    """Django on a fresh SQLite database in a temporary folder (or BENCH_DATABASE_URL),
    media in that folder too: the folder, for the caller to remove."""
    folder = tempfile.mkdtemp(prefix="ror-bench-")
    os.environ["MEDIA_ROOT"] = f"{folder}/media"
    django_on(os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"))
    return Path(folder)


def django_on(database_url: str) -> None:
    """Django set up and migrated on this database, with the test settings."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ror_portal.test_settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def each_size_in_a_fresh_process(script: str, measure, *, rows: list[int], heading: str) -> None:
    """``script [--rows N …]``: ``measure(N)`` for each size, each in a process of its own,
    so that its database, its worker and its maximum RSS are its own."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=rows)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.rows[0])
        return
    print(heading)
    for size in args.rows:
        subprocess.run([sys.executable, script, "--one", "--rows", str(size)], check=True)
