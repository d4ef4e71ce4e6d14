"""The issue's «Restatement» test in the browser: an import that changes a ticket of a
published month shows the restated figure on its check page, is imported only once that
is confirmed, and the next report's changes page marks the figure. Every page passes
axe-core."""

from playwright.sync_api import expect

from reports.models import Restatement
from reports.next_month import report_copy_to_next_month
from reports.publishing import report_publish
from ror_portal.roles import Role
from support.models import Ticket
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, BoardMeetingFactory, UserFactory
from tests.support.restated_january import MARK, RESTATING, publish_january
from tests.support.ticket_files import csv_file


def test_a_restating_import_is_confirmed_and_marked_on_the_next_changes_page(
    page, transactional_db, tmp_path
):
    administrator = UserFactory(username="admin", first_name="Anne", role=Role.ADMINISTRATOR)
    january = publish_january(administrator)
    export = tmp_path / "eksport.csv"
    export.write_bytes(csv_file(RESTATING).getvalue())

    page.goto("/admin/support/ticket/import/")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    expect(page.get_by_label("Eksportfil")).to_be_visible()
    accessible(page)
    page.get_by_label("Eksportfil").set_input_files(export)
    page.get_by_role("button", name="Kontroller filen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kontroller importen av eksport.csv")
    expect(page.locator("ul.restated-figures li").first).to_have_text(
        "1 Åpne feilmeldinger, Åpne feilmeldinger per 01.02.2024: 3 i publisert rapport"
        " for januar 2024 → 5 etter importen"
    )
    accessible(page)

    page.get_by_role("button", name="Importer sakene").click()  # the box is not ticked
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontroller importen av eksport.csv")
    assert Ticket.objects.count() == 3

    page.get_by_label("Jeg bekrefter at importen endrer tall i publiserte rapporter").check()
    page.get_by_role("button", name="Importer sakene").click()
    expect(page.locator(".job-outcome")).to_contain_text(
        "3 tall i publiserte rapporter er endret og registrert."
    )
    accessible(page)
    assert (Ticket.objects.count(), Restatement.objects.count()) == (5, 3)

    meeting = BoardMeetingFactory(number="2024/M2", date=january.meeting.date.replace(month=3))
    february = report_copy_to_next_month(report=january, meeting=meeting)
    report_publish(report=february, user=administrator, notify=False)
    page.goto("/rapporter/2024-02/endringer/")
    row = page.get_by_role("table", name="1 Åpne feilmeldinger").get_by_role("row").nth(1)
    expect(row.get_by_role("cell").first).to_have_text(f"3{MARK}")
    accessible(page)
