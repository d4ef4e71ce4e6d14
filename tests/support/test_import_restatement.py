"""What a ticket import changes: each changed ticket's fields, the stored tickets the
file lacks, the tickets after the draft's tall per, and above all the figures of
published reports it restates, which need a confirmation, are recorded, and are marked
on the next report's changes page."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from jobs.models import Job
from jobs.progress import start_job
from reports.models import MonthlyReport, Restatement
from reports.next_month import report_copy_to_next_month
from reports.publishing import report_publish
from ror_portal import restatements
from ror_portal.roles import Role
from support.importing import MAX_CHANGES_SHOWN, check_tickets
from support.models import Ticket, TicketImport
from support.tasks import import_upload
from tests.factories import MonthlyReportFactory, UserFactory
from tests.html_validator import html_errors
from tests.support.import_pages import CONFIRM, token_in, upload
from tests.support.restated_january import MARK, RESTATING, at, publish_january, row, stored
from tests.support.ticket_files import csv_file


@pytest.fixture
def january(db, administrator):
    return publish_january(administrator)


def checked(rows, **options):
    return check_tickets(csv_file(rows), "eksport.csv", **options)


# The check's list of changes -------------------------------------------------------------


@pytest.mark.django_db
def test_the_check_lists_changed_fields_the_missing_and_those_after_tall_per():
    stored("1")
    stored("2")
    stored("3")  # not in the file
    MonthlyReportFactory(month=datetime.date(2024, 2, 1), as_of=datetime.date(2024, 3, 1))
    rows = [
        row("1"),
        row("2", Prioritet="Høy", Løst="16.01.2024 10:00", Status="Løst"),
        row("4", Opprettet="01.03.2024 00:00"),  # on the draft's tall per: the next report
        row("5", Opprettet="29.02.2024 23:59"),
    ]
    out = io.StringIO()

    summary = checked(rows, changes=out)

    assert (summary.new, summary.changed, summary.unchanged) == (2, 1, 1)
    assert summary.changes == [
        {
            "number": "2",
            "fields": [
                ["Prioritet", "Medium", "Høy"],
                ["Løst", "–", "16.01.2024 10:00"],
                ["Status", "–", "Løst"],
            ],
        }
    ]
    assert summary.not_in_file == 1
    assert summary.not_in_file_text() == "1 lagrede saker er ikke i filen. De beholdes som de er."
    assert (summary.as_of, summary.after_as_of) == ("2024-03-01", 1)
    assert summary.after_as_of_text() == (
        "1 saker er opprettet 01.03.2024 eller senere og kommer med i neste rapport."
    )
    assert summary.earliest == "2024-01-15"  # ticket 2, created then
    lines = list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert lines == [
        ["Saksnr", "Felt", "Før", "Etter"],
        ["2", "Prioritet", "Medium", "Høy"],
        ["2", "Løst", "–", "16.01.2024 10:00"],
        ["2", "Status", "–", "Løst"],
    ]


@pytest.mark.django_db
def test_the_first_hundred_changed_tickets_are_listed_and_the_csv_has_all():
    count = MAX_CHANGES_SHOWN + 3
    for number in range(count):
        stored(str(number))
    out = io.StringIO()

    summary = checked([row(str(n), Emne="Ny tekst") for n in range(count)], changes=out)

    assert summary.changed == count
    assert len(summary.changes) == MAX_CHANGES_SHOWN
    assert summary.changes_not_shown == 3
    assert summary.changes[0] == {
        "number": "0",
        "fields": [["Emne", "Får ikke logget inn", "Ny tekst"]],
    }
    assert len(out.getvalue().splitlines()) == 1 + count  # the header, a line each


# The effect on published figures ------------------------------------------------------------


def test_a_january_ticket_changed_after_januarys_report_restates_its_figure(january):
    summary = checked(RESTATING)

    figures = summary.restated_figures
    opened = next(f for f in figures if f.block == "support.open_incidents")
    assert (opened.label, opened.published, opened.restated) == ("Åpne feilmeldinger", 3, 5)
    assert (opened.month, opened.as_of) == (datetime.date(2024, 1, 1), datetime.date(2024, 2, 1))
    assert opened.text == (
        "1 Åpne feilmeldinger, Åpne feilmeldinger per 01.02.2024: 3 i publisert rapport"
        " for januar 2024 → 5 etter importen"
    )
    by_category = {f.label: (f.published, f.restated) for f in figures if f is not opened}
    assert by_category["Brukerstøtte – Feilmeldinger"] == (3, 5)
    # the check kept nothing of the trial import
    assert sorted(Ticket.objects.values_list("number", flat=True)) == ["1", "2", "3"]
    assert not TicketImport.objects.exists()
    assert not Restatement.objects.exists()


def test_a_figure_changed_before_the_import_is_not_the_imports(january):
    Ticket.objects.filter(number="3").update(resolved=at(1, 20))  # open 3 → 2, long ago

    summary = checked([row("1"), row("2", Emne="Ny tekst")])  # a January ticket, no figure

    assert summary.changed == 1
    assert summary.restated == []


def test_tickets_after_the_published_tall_per_restate_nothing(january):
    summary = checked([row("1"), row("9", Opprettet="02.02.2024 10:00")])

    assert summary.new == 1
    assert summary.restated == []


def test_no_report_after_the_earliest_changed_day_means_the_import_is_not_run(january):
    def not_to_be_run():
        raise AssertionError("the import was run")

    assert restatements.figures_restated(not_to_be_run, since=datetime.date(2024, 2, 1)) == []


def test_an_import_that_restates_unconfirmed_saves_nothing(january):
    with pytest.raises(restatements.RestatementNotConfirmed) as refused:
        restatements.apply_restating(
            lambda: stored("4"), since=datetime.date(2024, 1, 15), confirmed=False, source="x"
        )

    assert [f.restated for f in refused.value.figures if f.block.endswith("incidents")] == [4]
    assert not Ticket.objects.filter(number="4").exists()
    assert not Restatement.objects.exists()


# The admin's check page, the confirmation and the record ------------------------------


@pytest.fixture
def admin_client(client_for):
    return client_for(Role.ADMINISTRATOR)


def test_the_check_page_shows_the_restated_figure_and_asks_for_a_confirmation(
    january, admin_client, django_assert_max_num_queries
):
    response = upload(admin_client, csv_file(RESTATING).getvalue())
    job = Job.objects.get(key=None, status="done")
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:support_ticket_import_checked", args=[job.pk]))

    html = response.content.decode()
    page = BeautifulSoup(html, "html.parser")
    figures = [li.get_text() for li in page.select("ul.restated-figures li")]
    assert figures[0] == (
        "1 Åpne feilmeldinger, Åpne feilmeldinger per 01.02.2024: 3 i publisert rapport"
        " for januar 2024 → 5 etter importen"
    )
    assert page.select_one("input[name=restatement_confirmed]").has_attr("required")
    assert html_errors({"check": html}) == []


def test_the_csv_of_changes_is_the_users_own(january, admin_client):
    upload(admin_client, csv_file([row("1", Emne="Ny tekst")]).getvalue())
    job = Job.objects.get(status="done")
    url = reverse("admin:support_ticket_import_changes", args=[job.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1] == "1;Emne;Får ikke logget inn;Ny tekst"
    other = UserFactory(username="annen", role=Role.ADMINISTRATOR)
    admin_client.force_login(other)
    assert admin_client.get(url).status_code == 404


def test_the_import_is_refused_without_the_box_and_recorded_with_it(
    january, admin_client, administrator
):
    html = upload(admin_client, csv_file(RESTATING).getvalue()).content.decode()
    token = token_in(html)

    refused = admin_client.post(reverse(CONFIRM), {"upload": token}, follow=True)

    assert "Kryss av i boksen som bekrefter det" in refused.content.decode()
    assert Ticket.objects.count() == 3
    assert not Job.objects.filter(key__startswith="import:").exists()

    admin_client.post(reverse(CONFIRM), {"upload": token, "restatement_confirmed": "on"})

    job = Job.objects.get(key__startswith="import:")
    assert job.status == "done", job.message
    assert "tall i publiserte rapporter er endret og registrert" in job.message
    assert Ticket.objects.count() == 5
    record = Restatement.objects.get(block="support.open_incidents")
    assert (record.version.report, record.label) == (january, "Åpne feilmeldinger")
    assert (record.published, record.restated, record.unit) == ("3", "5", "")
    assert (record.source, record.recorded_by) == ("eksport.csv", administrator)
    listed = admin_client.get(reverse("admin:reports_restatement_changelist"))
    assert listed.status_code == 200
    assert listed.content.decode().count("eksport.csv") == 3  # open incidents, two by category


def test_the_import_task_rechecks_the_confirmation(january, administrator):
    path = default_storage.save("imports/restating.csv", ContentFile(csv_file(RESTATING).read()))
    job, _started = start_job(
        import_upload,
        title="Import",
        user=administrator,
        arguments={"path": path, "name": "eksport.csv", "earliest": "2024-01-15"},
    )

    job.refresh_from_db()
    assert job.status == "failed"
    assert "det ble ikke bekreftet" in job.message
    assert Ticket.objects.count() == 3
    assert not Restatement.objects.exists()


def test_an_import_that_reaches_further_back_than_its_check_saves_nothing(january, administrator):
    path = default_storage.save("imports/later.csv", ContentFile(csv_file(RESTATING).read()))
    job, _started = start_job(
        import_upload,
        title="Import",
        user=administrator,
        # the check found nothing changed; the tickets changed since
        arguments={"path": path, "name": "eksport.csv", "earliest": "", "rows": 5},
    )

    job.refresh_from_db()
    assert (job.status, Ticket.objects.count()) == ("failed", 3)
    assert "endret etter at eksport.csv ble kontrollert" in job.message


# The command ------------------------------------------------------------------------


def test_the_command_prints_the_restatements_and_needs_the_flag(january, tmp_path):
    path = tmp_path / "eksport.csv"
    path.write_bytes(csv_file(RESTATING).getvalue())
    out = io.StringIO()

    with pytest.raises(CommandError, match="--confirm-restatement"):
        call_command("import_tickets", str(path), stdout=out, stderr=io.StringIO())

    assert "3 i publisert rapport for januar 2024 → 5 etter importen" in out.getvalue()
    assert Ticket.objects.count() == 3

    out = io.StringIO()
    call_command("import_tickets", str(path), "--confirm-restatement", stdout=out)

    assert Ticket.objects.count() == 5
    assert Restatement.objects.filter(source="eksport.csv").count() == 3
    assert out.getvalue().splitlines()[-1] == (
        "3 tall i publiserte rapporter er endret og registrert."
    )


# The next report's changes page: the "Restatement" test -------------------------


def test_a_restated_figure_is_marked_on_the_next_reports_changes_page(
    january, admin_client, client_for, next_meeting, administrator
):
    html = upload(admin_client, csv_file(RESTATING).getvalue()).content.decode()
    assert "3 i publisert rapport for januar 2024 → 5 etter importen" in html
    admin_client.post(reverse(CONFIRM), {"upload": token_in(html), "restatement_confirmed": "on"})
    february = report_copy_to_next_month(report=january, meeting=next_meeting)
    report_publish(report=february, user=administrator, notify=False)
    assert MonthlyReport.objects.get(pk=february.pk).status == "published"

    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-02/endringer/")

    page = BeautifulSoup(response.content, "html.parser")
    table = next(t for t in page.select("table") if t.caption.text.startswith("1 Åpne"))
    cells = [td.get_text(" ", strip=True) for td in table.tbody.tr.select("td")]
    assert cells[0] == f"3 {MARK}"  # January as published, and what it is now
    assert cells[1] == "5"  # February's own figure was not restated
    assert html_errors({"changes": response.content.decode()}) == []
