"""Benchmark: the demo report's PDF by WeasyPrint beside Chromium printing the same
print HTML, in the same run, each as a whole process (start-up, imports, layout,
writing the file).

On a fresh SQLite database in a temporary folder with the demo data. Writes the
published demo report's print HTML (and the case document's) to the folder, then times
``--runs`` times, alternating: a Python process that makes the PDF with the portal's
writer (reports.pdf_writer, as the task worker does), and ``chromium --headless
--print-to-pdf`` on the same HTML, its stylesheets and fonts read from static/. Then
the writer ``--runs`` times in this process after a first PDF, as a worker makes its
later PDFs (start-up, imports and fonts paid once per worker). Then what three features
of the document cost: the warm writer on the same HTML without the PDF's tag tree,
without the contents' dot leaders and without the charts, alternating with the HTML as
printed. With ``--profile`` it also profiles one WeasyPrint run in this process and
prints where the time goes (CSS matching, layout, text and fonts, SVG charts, writing
the PDF).

    .venv/bin/python bench/pdf_print.py [--runs 5] [--profile] [--keep]
"""

import argparse
import cProfile
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import scratch_django  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"

# The writer as the task worker runs it, in a process of its own: Django's settings
# (the fetcher finds the static files through them), WeasyPrint, the PDF.
WRITE_ONE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ror_portal.test_settings")
sys.path.insert(0, {root!r})
import django
django.setup()
from reports.pdf_writer import write_pdf
from pathlib import Path
Path(sys.argv[2]).write_bytes(write_pdf(Path(sys.argv[1]).read_text(encoding="utf-8")))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", action="store_true", help="print the folder, keep it")
    args = parser.parse_args()

    scratch_django()
    import os

    from django.conf import settings
    from django.core.management import call_command

    from reports.models import MonthlyReport
    from reports.print_files import PRINT_ORIGIN

    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    folder = Path(settings.MEDIA_ROOT).parent
    report = MonthlyReport.objects.select_related("meeting").get(month="2024-01-01")
    version = report.versions.first()
    html = _published_print_html(report, version)
    source = folder / "report-print.html"
    source.write_text(html, encoding="utf-8")
    # Chromium reads the same file with its static URLs pointing at the project's static/.
    chromium_source = folder / "report-print-chromium.html"
    chromium_source.write_text(
        html.replace(f"{PRINT_ORIGIN}/static/", (ROOT / "static").as_uri() + "/").replace(
            'href="/static/', f'href="{(ROOT / "static").as_uri()}/'
        ),
        encoding="utf-8",
    )
    print(f"report: {report}, version {version.number}; print HTML {len(html) // 1024} kB")

    weasy, chromium = [], []
    script = WRITE_ONE.format(root=str(ROOT))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ror_portal.test_settings"}
    for run in range(args.runs):
        weasy.append(
            _timed([sys.executable, "-c", script, str(source), str(folder / f"w{run}.pdf")], env)
        )
        chromium.append(
            _timed(
                [
                    CHROMIUM,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-pdf-header-footer",
                    f"--user-data-dir={folder / 'chromium-profile'}",
                    f"--print-to-pdf={folder / f'c{run}.pdf'}",
                    chromium_source.as_uri(),
                ],
                env,
            )
        )
    for index, kind in enumerate(["wall time", "CPU time"]):
        w = statistics.median(run[index] for run in weasy)
        c = statistics.median(run[index] for run in chromium)
        print(f"{kind}: WeasyPrint, whole process median {w:5.2f} s (runs {_list(weasy, index)})")
        print(f"{kind}: Chromium, whole process   median {c:5.2f} s", end=" ")
        print(f"(runs {_list(chromium, index)})")
        print(f"{kind}: WeasyPrint / Chromium {w / c:.2f}x")
    _warm(html, args.runs, chromium)
    _feature_costs(html, args.runs)
    pages = _pages(folder / "w0.pdf"), _pages(folder / "c0.pdf")
    print(f"pages: WeasyPrint {pages[0]}, Chromium {pages[1]}")
    if args.profile:
        _profile(html)
    if args.keep:
        print(f"files in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


def _published_print_html(report, version) -> str:
    """The print HTML the publish of ``version`` made its PDF from."""
    from reports.rendering import assemble, report_print_html

    assembled = assemble(report)
    try:
        return report_print_html(report=report, assembled=assembled, version=version)
    except TypeError:  # the print HTML before it named the version
        return report_print_html(report=report, assembled=assembled)


def _timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall time and CPU time (user and system, with the process's own children) of
    one run: on a machine shared with other work the CPU time is the steadier figure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _warm(html: str, runs: int, chromium: list[tuple[float, float]]) -> None:
    """The writer in a process that has made a PDF before, as the task worker makes its
    second and later ones: Django, WeasyPrint and the fonts are loaded once per worker,
    so this is what a PDF costs there (beside Chromium's whole process, for scale)."""
    from reports.pdf_writer import write_pdf

    write_pdf(html)
    warm = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        write_pdf(html)
        warm.append((time.perf_counter() - start, time.process_time() - cpu))
    for index, kind in enumerate(["wall time", "CPU time"]):
        w = statistics.median(run[index] for run in warm)
        c = statistics.median(run[index] for run in chromium)
        print(f"{kind}: WeasyPrint in a running worker, median {w:5.2f} s", end=" ")
        print(f"(runs {_list(warm, index)}); / Chromium whole process {w / c:.2f}x")


# The contents' entries with their page numbers but no dots before them.
NO_LEADERS = "<style>.toc__item a::after { content: target-counter(attr(href), page); }</style>"


def _feature_costs(html: str, runs: int) -> None:
    """The warm writer's CPU time on variants of the print HTML, alternating with the
    HTML as printed (median of ``runs`` each): what the tag tree, the dot leaders of the
    contents (WeasyPrint lays out every dot as a text box of its own; the writer draws
    each entry's dots as one since issue 28) and the charts cost of a PDF, and what is
    left without all three. The variants are for measuring only; the PDF keeps all
    three."""
    from weasyprint import HTML

    from reports.pdf_writer import PDF_VARIANT, StaticFilesOnly, _font_configuration
    from reports.print_files import PRINT_ORIGIN

    def pdf(source: str, tags: bool = True) -> None:
        document = HTML(string=source, base_url=f"{PRINT_ORIGIN}/", url_fetcher=StaticFilesOnly())
        fonts = _font_configuration()
        document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=tags, font_config=fonts)

    variants = {
        "as printed": lambda: pdf(html),
        "without the tag tree (pdf_tags)": lambda: pdf(html, tags=False),
        "without the contents' dot leaders": lambda: pdf(
            html.replace("</head>", NO_LEADERS + "</head>", 1)
        ),
        "without the charts": lambda: pdf(_without_charts(html)),
        "without all three": lambda: pdf(
            _without_charts(html).replace("</head>", NO_LEADERS + "</head>", 1), tags=False
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, make in variants.items():
            start = time.process_time()
            make()
            times[name].append(time.process_time() - start)
    printed = statistics.median(times["as printed"])
    print(f"CPU time of a warm PDF, median of {runs}, alternating:")
    for name, runs_of in times.items():
        median = statistics.median(runs_of)
        print(f"  {name:<36} {median:5.2f} s", end="")
        if name == "as printed":
            print()
        else:
            print(f"  costs {printed - median:5.2f} s ({(printed - median) / printed:.0%})")


def _without_charts(html: str) -> str:
    return re.sub(r'<figure class="chart">.*?</figure>', "", html, flags=re.S)


def _list(runs: list[tuple[float, float]], index: int) -> str:
    return " ".join(f"{run[index]:.2f}" for run in runs)


def _pages(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(pdf).pages)


# Where WeasyPrint's time goes, by the module its functions are in (cumulative time of the
# outermost call into each part).
PARTS = {
    "parse HTML and CSS, match selectors": ("weasyprint/css/", "cssselect2", "tinycss2"),
    "build boxes": ("weasyprint/formatting_structure/",),
    "layout (without text)": ("weasyprint/layout/",),
    "text shaping and fonts (Pango)": ("weasyprint/text/",),
    "SVG charts": ("weasyprint/svg/",),
    "draw and write the PDF": ("weasyprint/draw/", "weasyprint/pdf/", "pydyf", "fontTools"),
}


def _profile(html: str) -> None:
    """One run in this process under cProfile: total, and the time by part (the own time
    of the functions in each part's modules, so the parts add up)."""
    from reports.pdf_writer import write_pdf

    write_pdf(html)  # imports and font loading out of the way
    start = time.process_time()
    write_pdf(html)
    warm = time.process_time() - start
    profiler = cProfile.Profile()
    profiler.enable()
    write_pdf(html)
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_part = dict.fromkeys([*PARTS, "other (Python, Pango's C calls counted by caller)"], 0.0)
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        part = next(
            (name for name, marks in PARTS.items() if any(m in filename for m in marks)),
            "other (Python, Pango's C calls counted by caller)",
        )
        by_part[part] += own
    profiled = sum(by_part.values())
    print(f"WeasyPrint in a running process (warm), CPU time {warm:.2f} s;", end=" ")
    print(f"under cProfile {profiled:.2f} s:")
    for part, seconds in by_part.items():
        print(f"  {part:<52} {seconds:6.2f} s  {seconds / profiled:6.1%}")
    print("  slowest functions (own time):")
    stats.sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
