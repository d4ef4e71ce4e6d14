"""Benchmark: importing an ITSM ticket export (CSV).

For 10 000 and 100 000 rows, each in a fresh process with a fresh SQLite database in a
temporary folder, prints the time of the first import, of importing the same file again,
and of a later export where a tenth of the tickets changed; and the memory: the peak of
Python's allocations during an import (tracemalloc, a run of its own since tracing slows
it) and the process's maximum resident set size before and after the first import.

    .venv/bin/python bench/ticket_import.py [--rows 10000 100000]
"""

import csv
import datetime
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import django_on, each_size_in_a_fresh_process

COLUMNS = ["Saksnr", "Type", "Kategori", "Prioritet", "Kommune", "Opprettet", "Første respons",
           "Løst", "Status", "Emne"]  # fmt: skip
CATEGORIES = ["Brukerstøtte", "Tilgang og passord", "PC og utstyr", "Programvare", "Fagsystemer",
              "E-post og Teams", "Nettverk", "Telefoni og mobil", "Skrivere"]  # fmt: skip
MUNICIPALITIES = ["Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"]
PRIORITIES = ["Lav", "Medium", "Høy", "Kritisk"]
OSLO = ZoneInfo("Europe/Oslo")


def write_export(path: Path, rows: int, *, changed_every: int = 0) -> None:
    """A seeded export; with ``changed_every``, every n-th ticket is resolved later."""
    generator = random.Random(2024)  # noqa: S311 - test data
    start = datetime.datetime(2023, 1, 2, 7, 0, tzinfo=datetime.UTC)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(COLUMNS)
        for number in range(rows):
            created = start + datetime.timedelta(minutes=generator.randrange(700_000))
            response = created + datetime.timedelta(minutes=generator.randrange(1, 240))
            resolved = created + datetime.timedelta(minutes=generator.randrange(5, 30_000))
            if changed_every and number % changed_every == 0:
                resolved += datetime.timedelta(hours=1)
            is_open = generator.random() < 0.1
            writer.writerow([
                str(500_000 + number),
                generator.choice(["Feilmelding", "Tjenesteforespørsel"]),
                generator.choice(CATEGORIES),
                generator.choice(PRIORITIES),
                generator.choice(MUNICIPALITIES),
                oslo(created),
                oslo(response),
                "" if is_open else oslo(resolved),
                "Under arbeid" if is_open else "Løst",
                f"Sak {number}: får ikke logget inn på fagsystemet",
            ])  # fmt: skip


def oslo(moment: datetime.datetime) -> str:
    """As the ITSM system exports a moment: Oslo time without an offset."""
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure(rows: int) -> None:
    """One size, in this (fresh) process."""
    folder = Path(tempfile.mkdtemp(prefix="ror-bench-import-"))
    # SQLite always, not BENCH_DATABASE_URL: the figures are SQLite's.
    django_on(f"sqlite:///{folder}/bench.sqlite3")
    from support.importing import import_tickets
    from support.models import Category, Ticket

    export, later = folder / "eksport.csv", folder / "senere.csv"
    write_export(export, rows)
    write_export(later, rows, changed_every=10)
    size_mb = export.stat().st_size / 1024 / 1024

    def timed_import(path: Path):
        with path.open("rb") as file:
            begin = time.perf_counter()
            summary = import_tickets(file, path.name)
            seconds = time.perf_counter() - begin
        assert summary.ok, summary.errors[:3]  # noqa: S101
        return seconds, summary

    rss_before = max_rss_mb()
    first, summary = timed_import(export)
    rss_after = max_rss_mb()
    again, summary_again = timed_import(export)
    changed, summary_changed = timed_import(later)

    Ticket.objects.all()._raw_delete(Ticket.objects.db)
    Category.objects.all().delete()
    tracemalloc.start()
    timed_import(export)
    peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()

    print(f"{rows:>7} rows, {size_mb:5.1f} MB CSV")
    print(
        f"  first import      {first:6.2f} s  {rows / first:8.0f} rows/s"
        f"  (new {summary.new}, changed {summary.changed}, unchanged {summary.unchanged})"
    )
    print(
        f"  same file again   {again:6.2f} s  {rows / again:8.0f} rows/s"
        f"  (new {summary_again.new}, changed {summary_again.changed},"
        f" unchanged {summary_again.unchanged})"
    )
    print(
        f"  a tenth changed   {changed:6.2f} s  {rows / changed:8.0f} rows/s"
        f"  (new {summary_changed.new}, changed {summary_changed.changed},"
        f" unchanged {summary_changed.unchanged})"
    )
    print(f"  tracemalloc peak during an import      {peak_mb:7.1f} MB")
    print(f"  max RSS before / after the first import {rss_before:6.1f} / {rss_after:6.1f} MB")
    shutil.rmtree(folder)


def main() -> None:
    each_size_in_a_fresh_process(
        __file__,
        measure,
        rows=[10_000, 100_000],
        heading=f"SQLite, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
    )


if __name__ == "__main__":
    main()
