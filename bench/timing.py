"""What the benchmarks share: timing a function, printing figures, a scratch database."""

import os
import statistics
import tempfile
import time


def timed(function, runs: int) -> list[float]:
    """Milliseconds of each of ``runs`` calls."""
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def summary(label: str, durations: list[float]) -> None:
    print(
        f"{label:<42} median {statistics.median(durations):8.1f} ms"
        f"   min {min(durations):8.1f} ms   max {max(durations):8.1f} ms   (n={len(durations)})"
    )


def scratch_django() -> None:
    """Django on a fresh SQLite database in a temporary folder (or BENCH_DATABASE_URL)."""
    folder = tempfile.mkdtemp(prefix="ror-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
    )
    os.environ["MEDIA_ROOT"] = f"{folder}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ror_portal.test_settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
