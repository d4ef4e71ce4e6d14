"""The monthly cycle of issue 13, through the UI only, in Chromium, from the demo (January
2024 published, 2023 accounts): an administrator copies the budget to 2024, starts
February, enters January's actuals typed and pasted the Norwegian way, imports February's
tickets, sets two projects' status for the week, edits a text and publishes with a change
note; then March the same way with February's actuals. A board member reads both reports
and their changes pages, finance downloads the 2024 workbook.

The figures are checked where the board and finance see them (the HTML, the PDF's text,
the XLSX cells) against a computation of this test's own, and in the database to the øre.
Each step's time is printed (pytest -s) and written to /tmp/journey-times.txt.
"""

import datetime
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import expect

from budget.models import BudgetLine, MonthlyActual
from projects.models import StatusUpdate
from reports.models import MonthlyReport
from ror_portal.formatting import format_number
from support.models import Ticket
from tests.browser.journey_steps import (
    AXE_FAILURES,
    accessible,
    admin_home,
    copy_budget_lines,
    open_admin_list,
    start_month,
)
from tests.browser.operating_rows import (
    assert_report_html,
    budget_to_date,
    budgets_2024,
    expected_operating_rows,
    kr,
    operating_names,
)
from tests.browser.sign_in import log_in
from tests.browser.ticket_export import FEBRUARY_2024, write_ticket_export
from tests.browser.typed_actuals import (
    FEBRUARY,
    JANUARY,
    MINUS,
    NBSP,
    NNBSP,
    SALARIES,
    amounts,
)
from tests.reports.printed import document_text

TIMES_FILE = Path("/tmp/journey-times.txt")  # noqa: S108 - where the lead reads the times

_WEEK_5 = json.loads((settings.BASE_DIR / "fixtures/projects-week-5.json").read_text("utf-8"))
DEMO_PROJECTS = len(_WEEK_5["projects"])
DEMO_FINISHED = sum(1 for p in _WEEK_5["projects"] if p["status"] == "Ferdig")
NEW_OPEN_INCIDENTS = sum(1 for t in FEBRUARY_2024 if t.is_open and t.kind == "Feilmelding")
# What the demo's copied text says in February, with no one editing it (a live figure).
OPEN_INCIDENTS_FEBRUARY = f"Antall åpne feilmeldinger pr 01.03.24 er {140 + NEW_OPEN_INCIDENTS}."
CRITICAL_FEBRUARY = sum(1 for t in FEBRUARY_2024 if t.priority == "Kritisk")


# --- timing ----------------------------------------------------------------------------


class StepTimes:
    """Seconds per step, printed and written to TIMES_FILE even when a step fails."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, str]] = []
        self.started = time.monotonic()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.monotonic()
        outcome = "FAILED"
        try:
            yield
            outcome = "ok"
        finally:
            self.rows.append((name, time.monotonic() - start, outcome))

    def report(self) -> str:
        width = max((len(name) for name, _, _ in self.rows), default=10)
        lines = [
            f"Browser journey of issue 13 (tests/browser/test_monthly_cycle.py), "
            f"{datetime.datetime.now():%d.%m.%Y %H:%M}, Chromium headless, SQLite, axe-core "
            "on every page (included in each step's time)",
            *(
                f"{name:<{width}}  {seconds:7.1f} s  {outcome}"
                for name, seconds, outcome in self.rows
            ),
            f"{'Total':<{width}}  {time.monotonic() - self.started:7.1f} s",
        ]
        text = "\n".join(lines) + "\n"
        TIMES_FILE.write_text(text, encoding="utf-8")
        print("\n" + text)
        return text


# --- UI helpers ---------------------------------------------------------------------------


def open_report_content(page, report: str) -> None:
    open_admin_list(page, "Månedsrapporter")
    page.get_by_role("link", name=report, exact=True).click()
    accessible(page)
    page.get_by_role("link", name="Innhold og publisering").click()
    expect(page.get_by_role("heading", name="Seksjoner")).to_be_visible()
    accessible(page)


def log_out(page) -> None:
    page.get_by_role("button", name="Logg ut").click()
    accessible(page)


def paste(page, field, text: str) -> None:
    """Through the system clipboard, as a person pastes: Control+V into the field."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    field.click()
    field.press("Control+A")
    page.keyboard.press("Control+V")


def enter_actuals(page, *, month: str, entries: dict, landing: str, first_wrong=None) -> None:
    """Budsjettposter → Registrer månedens regnskapstall for 2024 and ``month``.
    ``first_wrong`` = (line, text): typed first, refused, then corrected."""
    open_admin_list(page, "Budsjettposter")
    page.get_by_role("link", name="Registrer månedens regnskapstall").click()
    accessible(page)
    page.get_by_label("År").fill("2024")
    page.get_by_label("Måned").select_option(label=month)
    page.get_by_role("button", name="Vis postene").click()
    expect(page.locator("#landing")).to_have_text(landing)
    accessible(page)
    for name, (text, how, _stored) in entries.items():
        field = page.get_by_label(name, exact=True)
        if first_wrong and name == first_wrong[0]:
            text = first_wrong[1]
        if how == "paste":
            paste(page, field, text)
            expect(field).to_have_value(text)  # the no-break spaces are kept by the input
        else:
            field.press_sequentially(text)
    page.get_by_role("button", name="Lagre").click()
    if first_wrong:
        line, wrong = first_wrong
        expect(page.get_by_role("alert")).to_contain_text(f"{line}: «{wrong}»")
        accessible(page)
        assert not MonthlyActual.objects.filter(line__year=2024, month=month_number(month)).exists()
        field = page.get_by_label(line, exact=True)
        expect(field).to_have_value(wrong)  # kept as typed, to be corrected
        field.fill("")
        field.press_sequentially(entries[line][0])
        page.get_by_role("button", name="Lagre").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Regnskapstall for {month} 2024 er lagret for {len(entries)} poster"
    )
    accessible(page)
    # Shown back the Norwegian way.
    expect(page.get_by_label(SALARIES, exact=True)).to_have_value(
        norwegian(entries[SALARIES][2], 2)
    )


MONTH_NUMBERS = {"januar": 1, "februar": 2, "mars": 3}


def month_number(name: str) -> int:
    return MONTH_NUMBERS[name]


def norwegian(amount: Decimal, decimals: int) -> str:
    """As a form shows a stored amount back: 4 512 300,50."""
    return format_number(amount, decimals)


def import_tickets(page, export: Path) -> None:
    open_admin_list(page, "Saker", app_class="support")
    page.get_by_role("link", name="Importer en eksport fra saksbehandlingssystemet").click()
    accessible(page)
    page.get_by_label("Eksportfil").set_input_files(export)
    page.get_by_role("button", name="Kontroller filen").click()
    expect(
        page.get_by_role("row", name=f"Nye saker {len(FEBRUARY_2024)}", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("row", name="Endrede saker 0", exact=True)).to_be_visible()
    accessible(page)
    assert not Ticket.objects.filter(number__in=[t.number for t in FEBRUARY_2024]).exists()
    page.get_by_role("button", name="Importer sakene").click()
    # The worker imports (here at once, where it is queued); the job's page says so.
    expect(page.locator(".job-outcome")).to_contain_text("er importert")
    accessible(page)


def set_week_statuses(page) -> None:
    open_admin_list(page, "Byggeprosjekter")
    page.get_by_role("link", name="Registrer ukens statusoppdateringer").click()
    expect(page.get_by_label("Dato for oppdateringene")).to_have_value("2024-03-01")
    accessible(page)
    page.get_by_label("Dato for oppdateringene").fill("2024-02-29")
    page.get_by_role("button", name="Vis prosjektene").click()
    expect(
        page.get_by_role("heading", name="Statusoppdateringer for 29.02.2024 (uke 9)")
    ).to_be_visible()
    accessible(page)
    page.get_by_label("Nesset Kommunehus: overordnet status").select_option(label="På plan")
    page.get_by_label("Nesset Kommunehus: kommentar").fill("Nytt nettverk er satt i drift.")
    page.get_by_label("Gamle Hjelset barnehage: overordnet status").select_option(label="Ferdig")
    page.get_by_label("Gamle Hjelset barnehage: kommentar").fill("Overlevert 28.02.2024.")
    page.get_by_role("button", name="Lagre").click()
    expect(
        page.get_by_text("Statusoppdateringer for 29.02.2024 (uke 9) er lagret for 2 prosjekter.")
    ).to_be_visible()
    accessible(page)


STALE_TEXTS = re.compile(r"(\d+) seksjoner? har forrige måneds tekst")


def stale_count(page) -> int:
    text = page.locator(".report-checklist").inner_text()
    match = STALE_TEXTS.search(text)
    return int(match.group(1)) if match else 0


def go_through_chapter(page, report: str, chapter: str) -> int:
    """On the copied texts' page a whole chapter is confirmed with one press, saved
    without the page reloading; returns how many copied texts are left."""
    open_report_content(page, report)
    before = stale_count(page)
    page.get_by_role("link", name=f"Gå gjennom de {before} kopierte tekstene").click()
    accessible(page)
    expect(page.locator("#review-left")).to_have_text(
        f"{before} kopierte tekster gjenstår å gå gjennom."
    )
    chapter_sections = page.locator(
        ".review-chapter", has=page.get_by_role("heading", name=chapter)
    )
    count = chapter_sections.locator(".review-section").count()
    page.evaluate("window.stillTheSamePage = true")  # gone if the page reloads
    page.get_by_role("button", name=f"Alle i kapittel {chapter.split()[0]} er gjennomgått").click()
    expect(page.locator("#review-left")).to_contain_text(
        f"{count} tekster er bekreftet som fortsatt riktige."
    )
    expect(chapter_sections.get_by_text("Gjennomgått", exact=True)).to_have_count(count)
    assert page.evaluate("window.stillTheSamePage === true")
    accessible(page)
    page.get_by_role("link", name="Tilbake til sjekklisten").click()
    expect(page.get_by_role("heading", name="Seksjoner")).to_be_visible()
    accessible(page)
    assert stale_count(page) == before - count
    return before - count


def quote_figure(page, report: str, title: str, words: tuple[str, str], figure: str) -> None:
    """The section's text after its block is rewritten around a figure chosen in the
    picker (nobody types the reference), previewed and saved."""
    open_report_content(page, report)
    page.get_by_role("link", name=title, exact=True).click()
    accessible(page)
    text = page.get_by_label("Tekst etter datablokken")
    text.fill(words[0])
    page.get_by_label("Finn et tall").fill(figure)
    page.get_by_role("button", name=f"Sett inn: {figure}", exact=True).click()
    expect(page.locator("#figure-status")).to_contain_text("Satt inn:")
    page.keyboard.type(words[1])  # the cursor stands after the inserted figure
    assert re.fullmatch(
        re.escape(words[0]) + r"\{\{.*\}\}" + re.escape(words[1]), text.input_value()
    )
    page.get_by_role("button", name="Forhåndsvis", exact=True).click()
    accessible(page)
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_role("heading", name="Seksjoner")).to_be_visible()


def publish(page, report: str, note: str, open_point: str) -> None:
    """The confirmation page first: who gets the notice and what is still open."""
    open_report_content(page, report)
    page.get_by_role("button", name="Publiser …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publiser {report}")
    expect(page.locator(".report-checklist")).to_contain_text(open_point)
    expect(page.get_by_role("cell", name="styremedlem@demo.ror-ikt.no")).to_be_visible()
    expect(page.get_by_role("cell", name="okonomi@demo.ror-ikt.no")).to_be_visible()
    accessible(page)
    page.get_by_label("Endringsnotat").fill(note)
    page.get_by_role("button", name="Publiser versjon 1").click(timeout=120_000)
    # Publishing renders the HTML and the PDF (WeasyPrint): seconds, not milliseconds.
    expect(page.get_by_text(f"Versjon 1 av {report} er publisert.")).to_be_visible(timeout=120_000)
    accessible(page)


# --- what the board and finance are given --------------------------------------------------


def flat(text: str) -> str:
    """Every run of white space (no-break spaces too) as one space."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ").replace(NNBSP, " "))


def assert_pdf(path: Path, rows: dict[str, list[str]]) -> None:
    text = document_text(path)
    for name, cells in rows.items():
        for cell in cells:
            assert flat(cell) in text, f"{name}: {cell!r} is not in the PDF's text"


def read_report(page, month_link: str, pdf_name: str, tmp_path: Path) -> Path:
    page.goto("/")
    accessible(page)
    page.get_by_role("link", name=month_link).click()
    accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned PDF").click()
    assert download.value.suggested_filename == pdf_name
    target = tmp_path / pdf_name
    download.value.save_as(target)
    return target


# --- the journey ---------------------------------------------------------------------------


def test_february_and_march_2024_through_the_admin_read_by_the_board_and_finance(
    page, live_server, tmp_path, demo_passwords
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    # JOURNEY_ARTIFACTS=<folder> keeps the export, the PDFs and the workbook to look at.
    if folder := os.environ.get("JOURNEY_ARTIFACTS"):
        tmp_path = Path(folder)
        tmp_path.mkdir(parents=True, exist_ok=True)
    export = write_ticket_export(tmp_path / "saker-februar-2024.csv", FEBRUARY_2024)
    times = StepTimes()
    AXE_FAILURES.clear()
    try:
        journey(page, demo_passwords, export, tmp_path, times)
    finally:
        times.report()
    assert not AXE_FAILURES, "axe-core violations:\n\n" + "\n\n".join(AXE_FAILURES)


def journey(page, passwords, export, tmp_path, times) -> None:
    january, february = amounts(JANUARY), amounts(FEBRUARY)

    with times.step("Logg inn i admin (administrator)"):
        page.goto("/admin/")
        accessible(page)
        log_in(page, "admin", passwords["admin"])
        accessible(page)

    with times.step("1 Kopier budsjettposter 2023 → 2024 (+2,5 %)"):
        copy_budget_lines(page)
    budgets = budgets_2024()
    stored_budgets = dict(BudgetLine.objects.filter(year=2024).values_list("name", "annual_budget"))
    assert stored_budgets == budgets
    assert budgets[SALARIES] == Decimal("53710000")
    expect(page.get_by_role("row", name=SALARIES)).to_contain_text(f"53{NBSP}710{NBSP}000,00")

    with times.step("2 Start februar 2024 (nytt møte 2024/M2)"):
        start_month(
            page,
            month="februar 2024",
            number="2024/M2",
            date="13.03.2024",
            place="Rådhuset, Molde",
            as_of="01.03.2024",
        )
        expect(page.locator(".report-checklist")).to_contain_text(
            "Mangler regnskapstall for: 14 av 14 poster."
        )
    february_report = MonthlyReport.objects.get(month=datetime.date(2024, 2, 1))
    assert (february_report.meeting.number, february_report.meeting.date) == (
        "2024/M2",
        datetime.date(2024, 3, 13),
    )
    assert february_report.meeting.place == "Rådhuset, Molde"

    with times.step("3 Regnskapstall januar 2024 (tastet og limt inn)"):
        enter_actuals(
            page,
            month="januar",
            entries=JANUARY,
            landing="Tallene for januar 2024 vises i rapporten for februar 2024 (møte 2024/M2).",
            first_wrong=("Zero-trust nettverk", "98.500"),
        )
    stored = dict(
        MonthlyActual.objects.filter(line__year=2024, month=1).values_list("line__name", "amount")
    )
    assert stored == january  # to the øre
    assert stored[SALARIES] == Decimal("4512300.50")

    with times.step("4 Importer saker for februar (kontroller, bekreft)"):
        import_tickets(page, export)
    imported = Ticket.objects.filter(number__in=[t.number for t in FEBRUARY_2024])
    assert imported.count() == len(FEBRUARY_2024)
    assert imported.filter(resolved__isnull=True).count() == 3

    with times.step("5 Prosjektstatus uke 9 for to prosjekter"):
        set_week_statuses(page)
    saved = StatusUpdate.objects.filter(date=datetime.date(2024, 2, 29))
    assert sorted(saved.values_list("project__title", "status")) == [
        ("Gamle Hjelset barnehage", "finished"),
        ("Nesset Kommunehus", "on_plan"),
    ]

    with times.step("5b Tilbake til sjekklisten; forsiden viser neste steg"):
        page.get_by_role("link", name="Tilbake til sjekklisten for februar 2024").click()
        expect(page.get_by_role("heading", name="Sjekkliste")).to_be_visible()
        accessible(page)
        checklist = page.locator(".report-checklist")
        # The export's newest activity is Wednesday 28.02: it does not show that it reaches
        # Thursday 29.02, the last working day before tall per, whenever it was imported.
        expect(checklist.locator(".checklist-open")).to_contain_text(
            [
                "Saker importert fram til 01.03.2024: Nyeste aktivitet i importerte saker: "
                "28.02.2024; trenger 29.02.2024 eller senere.",
                "Tekstene gjennomgått for denne måneden",
                # 1.1's copied text is 2023's (1,2 and 1,4 mill. kr, 600.000 and 350.000
                # kr), and February's block has 2024's figures.
                "Tall skrevet inn i kopierte tekster: 4 tall skrevet inn for hånd er endret "
                "siden forrige måned: 1.1 Driftsresultat nevner 1,2; tallet (Microsoft "
                "skolelisenser – Avvik) var 1 200 000 kr i januar",
            ]
        )
        admin_home(page)
        month = page.locator(".month-in-progress")
        expect(month).to_contain_text("Måneden som pågår: februar 2024")
        expect(month).to_contain_text("2 av 5 punkter gjort.")
        month.get_by_role("link", name="Saker importert fram til 01.03.2024").click()
        expect(page.get_by_label("Eksportfil")).to_be_visible()
        accessible(page)

    with times.step("6a Forhåndsvis utkastet: tekstene viser februars tall"):
        page.goto("/rapporter/2024-02/utkast/")
        # The demo's text quotes its block's figure: February's, without a keystroke.
        expect(page.get_by_text(OPEN_INCIDENTS_FEBRUARY)).to_be_visible()
        accessible(page)
    with times.step("6b Sett inn et tall med tallvelgeren (kritiske saker)"):
        quote_figure(
            page,
            "Månedsrapport februar 2024",
            "Overholdelse av tjenestenivåavtalen – SLA",
            ("Kritiske saker i perioden: ", "."),
            "Kritiske saker",
        )
    with times.step("6c Gå gjennom kapittel 1 på én gang"):
        stale = go_through_chapter(page, "Månedsrapport februar 2024", "1 Regnskap 2023")

    with times.step("7 Publiser februar med endringsnotat"):
        # The texts copied from January and left as they were are an open point.
        publish(
            page,
            "Månedsrapport februar 2024",
            "Februar: regnskap per januar 2024.",
            f"Tekstene gjennomgått for denne måneden: {stale} seksjoner har forrige måneds tekst",
        )
    assert february_report.versions.get().change_note == "Februar: regnskap per januar 2024."

    with times.step("8a Start mars 2024 (nytt møte 2024/M3)"):
        start_month(
            page,
            month="mars 2024",
            number="2024/M3",
            date="10.04.2024",
            place="Rådhuset, Molde",
            as_of="01.04.2024",
        )
    with times.step("8b Regnskapstall februar 2024"):
        enter_actuals(
            page,
            month="februar",
            entries=FEBRUARY,
            landing="Tallene for februar 2024 vises i rapporten for mars 2024 (møte 2024/M3).",
        )
        # The earlier month's actual beside the line, and the sum so far.
        row = page.get_by_role("row", name=SALARIES)
        expect(row).to_contain_text(f"januar: {norwegian(january[SALARIES], 2)}")
        expect(row).to_contain_text(norwegian(budget_to_date(budgets[SALARIES], 2), 2))
    stored = dict(
        MonthlyActual.objects.filter(line__year=2024, month=2).values_list("line__name", "amount")
    )
    assert stored == february
    with times.step("8c Publiser mars"):
        publish(
            page,
            "Månedsrapport mars 2024",
            "Mars: regnskap per februar 2024.",
            # 01.04.2024 is in week 14; the projects finished before March are not counted.
            f"Prosjektstatus for uke 14: 0 av {DEMO_PROJECTS - 1 - DEMO_FINISHED} aktive",
        )
        log_out(page)

    year_to_date = {name: january[name] + february[name] for name in january}
    assert year_to_date[SALARIES] == Decimal("9011065.90")
    february_rows = expected_operating_rows(january, 1)
    march_rows = expected_operating_rows(year_to_date, 2)
    assert february_rows[SALARIES][1] == f"4{NBSP}512{NBSP}301{NBSP}kr"  # 4 512 300,50 half up
    assert march_rows[SALARIES][1] == f"9{NBSP}011{NBSP}066{NBSP}kr"

    with times.step("Styremedlem: februar (HTML, PDF)"):
        page.goto("/")
        accessible(page)
        log_in(page, "styremedlem", passwords["styremedlem"])
        accessible(page)
        pdf = read_report(
            page, "Månedsrapport februar 2024", "ror-ikt-manedsrapport-2024-02.pdf", tmp_path
        )
        assert_report_html(page, february_rows)
        expect(page.get_by_text("Regnskap per januar 2024").first).to_be_visible()
        expect(page.get_by_role("row", name="Nettverk nede på Molde rådhus")).to_be_visible()
        expect(page.get_by_role("row", name="Gamle Hjelset barnehage")).to_contain_text("Ferdig")
        expect(page.get_by_role("row", name="Nesset Kommunehus")).to_contain_text(
            "Nytt nettverk er satt i drift."
        )
        expect(page.get_by_text(OPEN_INCIDENTS_FEBRUARY)).to_be_visible()
        expect(page.get_by_text(f"Kritiske saker i perioden: {CRITICAL_FEBRUARY}.")).to_be_visible()
        assert_pdf(pdf, february_rows)
        assert "Regnskap per januar 2024" in document_text(pdf)
    with times.step("Styremedlem: januar som publisert (tallene frosset)"):
        page.goto("/rapporter/2024-01/")
        accessible(page)
        expect(page.get_by_text("Antall åpne feilmeldinger pr 01.02.24 er 140.")).to_be_visible()
        expect(page.get_by_text(OPEN_INCIDENTS_FEBRUARY)).to_have_count(0)
        page.goto("/rapporter/2024-02/")
    with times.step("Styremedlem: endringer i februar"):
        page.get_by_role("link", name="Endringer siden forrige rapport").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("februar 2024")
        accessible(page)
        content = flat(page.locator("main").inner_text())
        # Open incidents month to month: 140 on 01.02.2024, two more open on 01.03.2024.
        incidents = page.get_by_role("row", name=re.compile("^Åpne feilmeldinger"))
        expect(incidents.first).to_contain_text("140")
        expect(incidents.first).to_contain_text("142")
        expect(incidents.first).to_contain_text("+2")
        # The turn of the year: 2023's full year is never set beside January 2024.
        assert "Regnskapsåret er nytt" in content
        assert flat(kr(Decimal("52400000"))) not in content  # 2023's salary budget
    with times.step("Styremedlem: mars (HTML, PDF)"):
        pdf = read_report(
            page, "Månedsrapport mars 2024", "ror-ikt-manedsrapport-2024-03.pdf", tmp_path
        )
        assert_report_html(page, march_rows)
        expect(page.get_by_text("Regnskap per februar 2024").first).to_be_visible()
        expect(page.get_by_text("Hittil i år: januar–februar 2024").first).to_be_visible()
        # Finished in February: gone from March.
        expect(page.get_by_role("row", name="Gamle Hjelset barnehage")).to_have_count(0)
        assert_pdf(pdf, march_rows)
        assert "Regnskap per februar 2024" in document_text(pdf)
        march_split = report_split(page)
    with times.step("Styremedlem: endringer i mars"):
        page.get_by_role("link", name="Endringer siden forrige rapport").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("mars 2024")
        accessible(page)
        salaries = page.get_by_role("row", name=re.compile(f"^{SALARIES} – Regnskap"))
        expect(salaries).to_contain_text(february_rows[SALARIES][1])
        expect(salaries).to_contain_text(march_rows[SALARIES][1])
        expect(salaries).to_contain_text(f"+{kr(february[SALARIES])}")
        headers = page.get_by_role("columnheader")
        expect(headers.filter(has_text="Januar 2024").first).to_be_visible()
        expect(headers.filter(has_text="Januar–februar 2024").first).to_be_visible()
        log_out(page)

    with times.step("Økonomi: last ned arbeidsboken 2024"):
        page.goto("/")
        accessible(page)
        log_in(page, "okonomi", passwords["okonomi"])
        accessible(page)
        page.get_by_role("link", name="Kostnadsfordeling", exact=True).click()
        accessible(page)
        expect(page.get_by_role("heading", name="Kostnadsposter 2024")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Alle kommuner 2024 (XLSX)").click()
        assert download.value.suggested_filename == "kostnadsfordeling-2024.xlsx"
        workbook_path = tmp_path / "kostnadsfordeling-2024.xlsx"
        download.value.save_as(workbook_path)
    with times.step("Kontroller arbeidsboken mot rapporten for mars"):
        assert_workbook(workbook_path, operating_deviation_to_date(year_to_date, 2), march_split)


def operating_deviation_to_date(actuals: dict[str, Decimal], months: int) -> Decimal:
    """The report's operating deviation: actuals to date against the budget to date."""
    budgets = budgets_2024()
    names = operating_names()
    budget = sum(budget_to_date(budgets[name], months) for name in names)
    actual = sum(actuals[name] for name in names)
    return (actual - budget).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def report_split(page) -> dict[str, int]:
    """The operating deviation split per municipality as the report shows it (kroner)."""
    table = page.get_by_role("table", name=re.compile("fordelt på kommunene")).first
    split = {}
    for row in table.locator("tbody tr").all():
        name = row.locator("th").inner_text().strip()
        amount = row.locator("td").last.inner_text()
        split[name] = int(flat(amount).replace(" kr", "").replace(" ", "").replace(MINUS, "-"))
    return split


def assert_workbook(path: Path, deviation: Decimal, split_in_report: dict[str, int]) -> None:
    """The workbook's operating deviation item (copied to 2024 with the budget lines) is
    what the report of the same accounts months splits: "Finance spreadsheets are built
    from the same cost splits the report shows" (DESIGN.md). Each municipality's sheet
    holds its part as a number (the overview's cells are formulas into *Beregning*)."""
    workbook = load_workbook(path)
    title = workbook["Oversikt"]["A1"].value
    assert title.startswith("Kostnadsfordeling 2024 \u2013 januar\u2013februar 2024"), title
    members = workbook.sheetnames[-5:]
    assert members == ["Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"]
    parts = {}
    for member in members:
        sheet = workbook[member]
        (row,) = [c.row for c in sheet["A"] if str(c.value).startswith("Merforbruk drift 2024")]
        parts[member] = sheet.cell(row, 6).value
    operating = sheet.cell(row, 1).value
    assert all(isinstance(part, int) for part in parts.values()), parts
    shares = {"Aukra": "8.09", "Hustadvika": "19.72", "Molde": "47.10", "Rauma": "12.31",
              "Vestnes": "12.78"}  # fmt: skip
    assert sum(split_in_report.values()) == deviation
    for member in members:
        assert abs(split_in_report[member] - deviation * Decimal(shares[member]) / 100) <= 1
    assert parts == split_in_report, (
        f"{operating}: the workbook splits {sum(parts.values())} kr {parts}, the March report "
        f"{deviation} kr {split_in_report}"
    )
