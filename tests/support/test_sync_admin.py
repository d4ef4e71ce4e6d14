"""The button *Hent saker fra Pureservice nå* on the ticket list: a job that fetches,
then the same check and confirm page as an uploaded export."""

import datetime
import re

import pytest
from django.urls import reverse

from jobs.models import Job
from jobs.progress import Progress
from ror_portal.roles import Role
from support import sync
from support.models import Ticket, TicketImport
from tests.html_validator import html_errors
from tests.support.fake_pureservice import Scripted, address
from tests.support.import_pages import CONFIRM, stored_uploads, token_in
from tests.support.messages import counts, message

LIST = "admin:support_ticket_changelist"
SYNC = "admin:support_ticket_sync"
BUTTON = message("Fetch tickets from Pureservice now")


@pytest.fixture
def admin_client(client_for):
    return client_for(Role.ADMINISTRATOR)


@pytest.fixture
def steps(monkeypatch) -> list[tuple[str, str]]:
    """The steps the jobs tell, with their detail."""
    told: list[tuple[str, str]] = []
    step = Progress.step

    def record(self, text, *, detail="", done=None, total=None):
        told.append((text, detail))
        step(self, text, detail=detail, done=done, total=total)

    monkeypatch.setattr(Progress, "step", record)
    return told


@pytest.mark.django_db
def test_the_button_fetches_then_checks_then_imports_on_confirmation(
    admin_client, pureservice, settings, steps
):
    for number in range(1, 6):
        pureservice.put(number, modified=f"2024-01-2{number}T10:00:00Z")

    page = admin_client.get(reverse(LIST)).content.decode()
    assert BUTTON in page and f'action="{reverse(SYNC)}"' in page

    response = admin_client.post(reverse(SYNC), follow=True)

    job = Job.objects.get()
    assert response.redirect_chain[0] == (reverse("jobs:job", args=[job.pk]), 302)
    # The job's page went on to the check, as for an uploaded file.
    assert response.redirect_chain[-1][0] == reverse(
        "admin:support_ticket_import_checked", args=[job.pk]
    )
    assert (message("Fetching page %(page)s", page=3),
            message("%(count)s tickets so far", count=4)) in steps  # fmt: skip
    assert job.message == counts(5, 0, 0) + " " + message(
        "New categories: %(names)s.", names="Nettverk"
    )
    assert re.search(r"<th scope=\"row\">[^<]+</th><td>5</td>", response.content.decode())
    assert stored_uploads(settings) == [job.arguments["name"]]
    assert re.fullmatch(r"pureservice-\d{8}T\d{4}\.csv", job.arguments["name"])
    assert Ticket.objects.count() == 0  # nothing before the confirmation
    assert sync.last_fetched() is None  # checked, not imported: the next sync starts over

    admin_client.post(reverse(CONFIRM), {"upload": token_in(response.content.decode())})

    assert Ticket.objects.count() == 5
    assert TicketImport.objects.get().fetched_until == datetime.datetime(
        2024, 1, 25, 10, tzinfo=datetime.UTC
    )
    assert stored_uploads(settings) == []


@pytest.mark.django_db
def test_a_sync_that_is_not_confirmed_leaves_the_next_one_where_it_was(admin_client, pureservice):
    pureservice.put(1, modified="2024-01-21T10:00:00Z")
    admin_client.post(reverse(SYNC))
    pureservice.requests.clear()

    admin_client.post(reverse(SYNC))

    assert Job.objects.filter(status="done").count() == 2
    assert len(pureservice.requests) == 1  # all of it again: there was no earlier import
    assert TicketImport.objects.count() == 0


@pytest.mark.django_db
def test_a_failed_fetch_is_told_on_the_job_page_and_stores_nothing(
    admin_client, pureservice, settings
):
    for number in range(1, 4):
        pureservice.put(number, modified=f"2024-01-2{number}T10:00:00Z")
    pureservice.script = [Scripted(), Scripted(status=500, body=b"")]

    response = admin_client.post(reverse(SYNC), follow=True)

    job = Job.objects.get()
    assert job.status == "failed"
    assert job.message == message(
        "Pureservice answered with an error (HTTP %(status)s) to %(address)s.",
        status=500,
        address=address(pureservice, start=2),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "HTTP 500" in html
    assert f'href="{reverse(LIST)}"' in html
    assert stored_uploads(settings) == []
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_when_nothing_changed_the_job_says_so(admin_client, pureservice):
    pureservice.put(1, modified="2024-01-21T10:00:00Z")
    TicketImport.objects.create(
        file_name="pureservice-20240122T0600.csv",
        new=1,
        changed=0,
        unchanged=0,
        fetched_until=datetime.datetime(2024, 1, 22, tzinfo=datetime.UTC),
    )

    response = admin_client.post(reverse(SYNC), follow=True)

    expected = message(
        "No ticket has changed in Pureservice since %(time)s.", time="22.01.2024 01:00"
    )
    assert Job.objects.get().message == expected
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_without_the_settings_there_is_no_button(admin_client, settings):
    settings.PURESERVICE_API_KEY = ""

    page = admin_client.get(reverse(LIST)).content.decode()

    assert BUTTON not in page
    admin_client.post(reverse(SYNC))
    assert Job.objects.get().message == message(
        "Pureservice is not configured: set PURESERVICE_URL and PURESERVICE_API_KEY"
        " (or PURESERVICE_API_KEY_FILE)."
    )


@pytest.mark.django_db
def test_only_a_post_by_an_importer_starts_a_sync(admin_client, client_for, pureservice):
    assert admin_client.get(reverse(SYNC)).status_code == 405
    assert client_for(Role.FINANCE).post(reverse(SYNC)).status_code == 403
    assert client_for(Role.BOARD_MEMBER).post(reverse(SYNC)).status_code == 403
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_the_ticket_list_with_the_button_is_valid_html(admin_client, pureservice):
    page = admin_client.get(reverse(LIST)).content.decode()

    assert BUTTON in page
    assert html_errors({"tickets": page}) == []
