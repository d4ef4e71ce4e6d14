"""Issue 27's ledger import in Chromium: the demo's January 2024 extract (Windows-1252,
CRLF, amounts like ``-1 250,50``) imported through the admin from the month's checklist,
with a posting no rule maps and one two rules map; checked, confirmed, imported again
without a change; the stored actuals to the øre, the line's history and the February
draft showing the same figures."""

import re
from decimal import Decimal

from django.conf import settings
from playwright.sync_api import expect

from budget.models import BudgetLine, LedgerImport, LedgerRule, MonthlyActual
from tests.browser.journey_steps import AXE_FAILURES, accessible, copy_budget_lines, start_month
from tests.browser.operating_rows import assert_report_html, expected_operating_rows
from tests.browser.sign_in import log_in
from tests.browser.typed_actuals import JANUARY, NBSP, SALARIES, amounts

LEDGER = settings.BASE_DIR / "fixtures/hovedbok-2024-01.csv"
POINT = "Regnskapstall for januar 2024"


def kr(text: str) -> str:
    return text.replace(" ", NBSP)


def cells(page, table: str, header: str) -> list[str]:
    row = page.locator(f"#{table} tr", has=page.locator("th", has_text=re.compile(f"^{header}$")))
    return [text.strip() for text in row.locator("td").all_inner_texts()]


def upload_ledger(page) -> None:
    """From the checklist's point to the check page of the uploaded file."""
    page.locator(".report-checklist").get_by_role("link", name=POINT).click()
    expect(page.get_by_role("heading", name="Importer hovedbokfil")).to_be_visible()
    accessible(page)
    page.get_by_label("Hovedbokfil").set_input_files(LEDGER)
    page.get_by_role("button", name="Kontroller filen").click()
    expect(
        page.get_by_role("heading", name=f"Kontroller importen av {LEDGER.name}")
    ).to_be_visible()
    accessible(page)


def test_the_january_ledger_file_through_the_admin(page, demo_passwords):
    AXE_FAILURES.clear()
    january = amounts(JANUARY)
    raw = LEDGER.read_bytes()
    assert b"\r\n" in raw and b";-1 250,50\r\n" in raw and "Beløp".encode("cp1252") in raw

    page.goto("/admin/")
    accessible(page)
    log_in(page, "admin", demo_passwords["admin"])
    accessible(page)
    copy_budget_lines(page)
    # Two rules that tie make the internal transfer (art 17900) doubly mapped.
    for name in ("Kurs, reiser og andre driftskostnader", "Drift av infrastruktur og linjer"):
        LedgerRule.objects.create(line=BudgetLine.objects.get(year=2024, name=name), art="17900")
    start_month(page, month="februar 2024", number="2024/M2", date="13.03.2024",
                place="Rådhuset, Molde", as_of="01.03.2024")  # fmt: skip

    upload_ledger(page)
    assert cells(page, "ledger-lines", SALARIES)[:2] == [kr("4 512 300,50"), "–"]
    assert (
        cells(page, "ledger-lines", "Kurs, reiser og andre driftskostnader")[0]
        == "−1" + NBSP + "250,00"
    )
    assert cells(page, "ledger-reconciliation", re.escape("Ikke fordelt (1 postering)")) == [
        kr("3 120,75")
    ]
    assert cells(
        page, "ledger-reconciliation", re.escape("Fordelt to ganger, i ingen post (1 postering)")
    ) == [kr("18 450,00")]
    assert cells(page, "ledger-reconciliation", "Fordelt på en budsjettpost") == [
        kr("10 172 355,30")
    ]
    assert cells(page, "ledger-reconciliation", "Sum i filen") == [kr("10 193 926,05")]
    expect(page.locator("#reconciled")).to_have_text(
        "Fordelt, ikke fordelt og fordelt to ganger stemmer med filens sum, på øret."
    )
    expect(page.locator("#ledger-unmapped")).to_contain_text("Overføring Hustadvika kommune")
    expect(page.locator("#ledger-doubly")).to_contain_text(
        "Drift av infrastruktur og linjer; Kurs, reiser og andre driftskostnader"
    )
    expect(page.locator("#ledger-changes tbody tr")).to_have_count(14)
    assert not MonthlyActual.objects.filter(line__year=2024).exists()

    page.get_by_role("button", name="Lagre regnskapstallene").click()
    expect(page.locator(".job-outcome")).to_have_text(
        f"Regnskapstallene fra {LEDGER.name} er lagret: 14 endret."
    )
    accessible(page)
    stored = dict(
        MonthlyActual.objects.filter(line__year=2024, month=1).values_list("line__name", "amount")
    )
    assert stored == january  # to the øre
    assert stored[SALARIES] == Decimal("4512300.50")
    record = LedgerImport.objects.get()
    assert (record.unmapped, record.unmapped_amount, record.doubly_mapped) == (
        1,
        Decimal("3120.75"),
        1,
    )

    # The line's history says which file set the figure.
    salaries = BudgetLine.objects.get(year=2024, name=SALARIES)
    page.goto(f"/admin/budget/budgetline/{salaries.pk}/history/")
    entry = page.locator("#actual-changes tbody tr").first
    expect(entry).to_contain_text(kr("4 512 300,50"))
    expect(entry).to_contain_text(f"Hovedbokfil {LEDGER.name}")
    accessible(page)

    # The same file again: nothing changes, and nothing is offered to save.
    page.goto("/admin/")
    page.get_by_role("link", name="Innhold og publisering").first.click()
    accessible(page)
    upload_ledger(page)
    expect(page.locator("#no-changes")).to_have_text(
        "Regnskapstallene har allerede det filen har: importen endrer ingenting."
    )
    expect(page.get_by_role("button", name="Lagre regnskapstallene")).to_have_count(0)
    assert LedgerImport.objects.count() == 1

    # The February draft shows the same figures.
    page.goto("/rapporter/2024-02/utkast/")
    assert_report_html(page, expected_operating_rows(january, 1))
    accessible(page)
    assert not AXE_FAILURES, "axe-core violations:\n\n" + "\n\n".join(AXE_FAILURES)
