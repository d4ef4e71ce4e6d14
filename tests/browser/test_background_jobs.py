"""Long work in the browser: the import's check and import, done by the task worker, on
a page that follows the job without reloading (a static script; the CSP stays) and goes
on to the result by itself. Every page passes axe-core."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from jobs.models import Job
from ror_portal.roles import Role
from support.models import Ticket, TicketImport
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, UserFactory
from tests.support.ticket_files import csv_file, ticket

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued_tasks(settings, transactional_db):
    """Tasks wait in the database for the worker, as in production."""
    settings.TASKS = DATABASE_TASKS
    UserFactory(username="admin", first_name="Anne", role=Role.ADMINISTRATOR)


def run_worker(page) -> None:
    """The real worker command, once through the queue. The page's requests for the
    job's state wait in the browser meanwhile (the route is only served when the test
    talks to Playwright again), so the live server and the worker never share the test
    database's one SQLite connection at once."""
    page.route("**/status/", lambda route: route.continue_())
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_the_import_is_followed_on_its_job_page_and_goes_on_by_itself(page, queued_tasks, tmp_path):
    export = tmp_path / "eksport.csv"
    export.write_bytes(csv_file([ticket(str(n)) for n in range(1, 2501)]).getvalue())
    page.goto("/admin/support/ticket/import/")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    expect(page.get_by_label("Eksportfil")).to_be_visible()
    accessible(page)
    page.get_by_label("Eksportfil").set_input_files(export)
    page.get_by_role("button", name="Kontroller filen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kontroll av eksport.csv")
    expect(page.get_by_role("status")).to_have_text("Venter på arbeideren")
    accessible(page)
    page.evaluate("window.notReloaded = true")

    # The worker has come this far: the page shows it within a second or two.
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, step="Kontrollerer radene", detail="Rad 1 000 av 2 500",
        done=1000, total=2500,
    )  # fmt: skip
    expect(page.get_by_role("status")).to_have_text("Kontrollerer radene")
    expect(page.locator("#job-detail")).to_have_text("Rad 1 000 av 2 500")
    expect(page.locator("#job-progress")).to_have_attribute("value", "40")
    assert page.evaluate("window.notReloaded") is True
    accessible(page)

    run_worker(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontroller importen av eksport.csv")
    expect(page.get_by_role("row", name="Nye saker 2 500", exact=True)).to_be_visible()
    accessible(page)
    assert not Ticket.objects.exists()

    page.get_by_role("button", name="Importer sakene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import av eksport.csv")
    accessible(page)
    run_worker(page)
    expect(page.locator(".job-outcome")).to_contain_text(
        "Sakene fra eksport.csv er importert. Nye saker: 2 500."
    )
    accessible(page)
    assert (Ticket.objects.count(), TicketImport.objects.count()) == (2500, 1)

    page.get_by_role("link", name="Se sakene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saker")
    accessible(page)

    # The administrator comes back to the job later: the list of their jobs has it.
    page.goto("/admin/jobs/job/")
    expect(page.get_by_role("link", name="Import av eksport.csv")).to_be_visible()
    accessible(page)
