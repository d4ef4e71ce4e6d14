"""The monthly checklist: each domain app's item, from real data, and the content page."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import MonthlyActual
from projects.models import StatusReview, StatusUpdate
from projects.services import status_updates_save
from reports.next_month import report_copy_to_next_month
from ror_portal.blocks import Period
from ror_portal.checklist import checklist
from support.models import TicketImport
from tests.factories import BudgetLineFactory, MonthlyReportFactory, SectionFactory, TicketFactory
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db

OSLO = datetime.timezone(datetime.timedelta(hours=1))
# The February 2024 report: accounts through January, figures as of Friday 01.03.2024 (week 9).
FEBRUARY = Period(
    month=datetime.date(2024, 2, 1),
    as_of=datetime.date(2024, 3, 1),
    meeting_date=datetime.date(2024, 3, 13),
)


def items_by_label(period=FEBRUARY) -> dict:
    return {item.label: item for item in checklist(period)}


def test_actuals_are_asked_for_the_accounts_month():
    lines = BudgetLineFactory.create_batch(3, year=2024)
    BudgetLineFactory(year=2023)  # another year's line is not counted
    MonthlyActual.objects.create(line=lines[0], month=1, amount=Decimal("4512300.50"))
    MonthlyActual.objects.create(line=lines[1], month=2, amount=Decimal("10"))  # February: later

    item = items_by_label()["Regnskapstall for januar 2024"]
    assert not item.ok
    assert item.detail == "Mangler regnskapstall for: 2 av 3 poster."
    assert item.url == reverse("admin:budget_ledgerimport_upload")

    for line in lines[1:]:
        MonthlyActual.objects.create(line=line, month=1, amount=Decimal("0"))
    item = items_by_label()["Regnskapstall for januar 2024"]
    assert item.ok
    assert item.detail == "3 av 3 budsjettposter har regnskapstall for januar 2024."


def test_the_january_report_asks_for_december_of_the_year_before():
    january = Period(
        datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
    )
    BudgetLineFactory(year=2023)
    item = items_by_label(january)["Regnskapstall for desember 2023"]
    assert not item.ok and item.detail == "Mangler regnskapstall for: 1 av 1 poster."
    assert item.url == reverse("admin:budget_ledgerimport_upload")  # the file says the month


def test_a_year_without_budget_lines_leads_to_copying_the_year_before():
    BudgetLineFactory(year=2023)
    item = items_by_label()["Regnskapstall for januar 2024"]
    assert not item.ok
    assert item.detail == (
        "Det finnes ingen budsjettposter for 2024: kopier postene for 2023 med handlingen "
        "«Kopier valgte poster til neste år»."
    )
    assert item.url == reverse("admin:budget_budgetline_changelist") + "?year=2023"


def test_a_first_year_without_lines_before_it_leads_to_adding_one():
    item = items_by_label()["Regnskapstall for januar 2024"]
    assert item.detail == "Det finnes ingen budsjettposter for 2024, og heller ingen for året før."
    assert item.url == reverse("admin:budget_budgetline_add")


def test_tickets_reach_the_as_of_date_by_their_newest_activity():
    TicketFactory(created=datetime.datetime(2024, 1, 31, 9, 0, tzinfo=OSLO))
    item = items_by_label()["Saker importert fram til 01.03.2024"]
    assert not item.ok
    assert item.detail == (
        "Nyeste aktivitet i importerte saker: 31.01.2024; trenger 29.02.2024 eller senere."
    )
    # Friday 01.03.2024: the last working day before it is Thursday 29.02.
    TicketFactory(
        created=datetime.datetime(2024, 2, 27, 9, 0, tzinfo=OSLO),
        resolved=datetime.datetime(2024, 2, 29, 15, 30, tzinfo=OSLO),
    )
    item = items_by_label()["Saker importert fram til 01.03.2024"]
    assert item.ok
    assert item.detail == "Nyeste aktivitet i importerte saker: 29.02.2024."


def test_no_tickets_say_what_is_needed():
    item = items_by_label()["Saker importert fram til 01.03.2024"]
    assert not item.ok
    assert item.detail == "Ingen saker er importert; trenger aktivitet 29.02.2024 eller senere."


def test_an_import_made_later_on_the_clock_does_not_count():
    """Only the data counts: January's export imported on 04.03.2024 (or on the demo's
    clock, today) does not reach 01.03.2024."""
    TicketFactory(created=datetime.datetime(2024, 1, 31, 16, 0, tzinfo=OSLO))
    made = TicketImport.objects.create(file_name="jan.csv", new=1, changed=0, unchanged=0)
    TicketImport.objects.filter(pk=made.pk).update(
        imported_at=datetime.datetime(2024, 3, 4, 10, 15, tzinfo=OSLO)
    )
    assert not items_by_label()["Saker importert fram til 01.03.2024"].ok
    TicketImport.objects.create(file_name="jan-igjen.csv", new=0, changed=0, unchanged=1)
    assert not items_by_label()["Saker importert fram til 01.03.2024"].ok


def test_the_last_working_day_before_easter_monday_is_enough():
    # Monday 01.04.2024 is Easter Monday: Thursday 28.03 to Monday 01.04 are holidays.
    after_easter = Period(
        datetime.date(2024, 3, 1), datetime.date(2024, 4, 1), datetime.date(2024, 4, 10)
    )
    TicketFactory(created=datetime.datetime(2024, 3, 26, 9, 0, tzinfo=OSLO))
    item = items_by_label(after_easter)["Saker importert fram til 01.04.2024"]
    assert not item.ok
    assert item.detail.endswith("trenger 27.03.2024 eller senere.")
    TicketFactory(
        created=datetime.datetime(2024, 3, 20, 9, 0, tzinfo=OSLO),
        resolved=datetime.datetime(2024, 3, 27, 14, 0, tzinfo=OSLO),
    )
    assert items_by_label(after_easter)["Saker importert fram til 01.04.2024"].ok


def test_activity_late_in_the_evening_counts_for_its_norwegian_day():
    # 29.02.2024 23:30 in Norway is 22:30 UTC: still the 29th.
    TicketFactory(created=datetime.datetime(2024, 2, 29, 22, 30, tzinfo=datetime.UTC))
    assert items_by_label()["Saker importert fram til 01.03.2024"].ok


def test_project_statuses_are_asked_for_the_week_of_the_as_of_date():
    on_time, late, finished_in_january = BuildingProjectFactory.create_batch(3)
    late.title = "Skolenett Rauma"
    late.save()
    BuildingProjectFactory(active=False)
    StatusUpdateFactory(project=on_time, date=datetime.date(2024, 2, 26))  # Monday, week 9
    StatusUpdateFactory(project=late, date=datetime.date(2024, 2, 23))  # week 8
    StatusUpdateFactory(
        project=finished_in_january,
        date=datetime.date(2024, 1, 20),
        status=StatusUpdate.Status.FINISHED,
    )
    item = items_by_label()["Prosjektstatus for uke 9"]
    assert not item.ok
    assert item.detail == (
        "1 av 2 aktive prosjekter har status fra uke 9. Mangler status for: Skolenett Rauma."
    )
    assert item.url == reverse("admin:projects_buildingproject_updates") + "?date=2024-03-01"

    StatusUpdateFactory(project=late, date=datetime.date(2024, 3, 1))
    item = items_by_label()["Prosjektstatus for uke 9"]
    assert item.ok
    assert item.detail == "2 av 2 aktive prosjekter har status fra uke 9."


def test_a_project_finished_before_the_week_is_not_asked_for():
    """Finished in February before week 9, the report still shows it, but the week's
    grid no longer carries its status on: nothing is missing for it."""
    finished, finished_in_the_week, going = BuildingProjectFactory.create_batch(3)
    never_updated = BuildingProjectFactory(title="Nytt prosjekt")
    StatusUpdateFactory(
        project=finished, date=datetime.date(2024, 2, 20), status=StatusUpdate.Status.FINISHED
    )
    StatusUpdateFactory(
        project=finished_in_the_week,
        date=datetime.date(2024, 2, 27),
        status=StatusUpdate.Status.FINISHED,
    )
    StatusUpdateFactory(project=going, date=datetime.date(2024, 2, 29))
    item = items_by_label()["Prosjektstatus for uke 9"]
    assert not item.ok
    assert item.detail == (
        "2 av 3 aktive prosjekter har status fra uke 9. Mangler status for: Nytt prosjekt."
    )
    StatusUpdateFactory(project=never_updated, date=datetime.date(2024, 2, 26))
    assert items_by_label()["Prosjektstatus for uke 9"].ok


def test_copied_texts_are_open_until_edited_or_confirmed(report_with_glossary, next_meeting):
    february = report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    february.sections.exclude(title="Driftsresultat").update(unchanged_since_copy=False)
    item = items_by_label(february.period)["Tekstene gjennomgått for denne måneden"]
    assert not item.ok
    assert item.detail == "1 seksjon har forrige måneds tekst: 1.1 Driftsresultat."
    february.sections.update(unchanged_since_copy=False)
    assert items_by_label(february.period)["Tekstene gjennomgått for denne måneden"].ok


def test_the_content_page_shows_the_checklist(client, administrator, report_with_glossary):
    BudgetLineFactory(year=2023)
    client.force_login(administrator)
    html = client.get(
        reverse("admin:reports_monthlyreport_content", args=[report_with_glossary.pk])
    ).content.decode()
    assert "Sjekkliste" in html
    assert "Mangler regnskapstall for: 1 av 1 poster." in html
    assert 'href="/admin/budget/ledgerimport/import/"' in html


def test_the_content_page_queries_do_not_grow_with_the_sections(
    client, administrator, django_assert_max_num_queries
):
    report = MonthlyReportFactory()
    client.force_login(administrator)
    url = reverse("admin:reports_monthlyreport_content", args=[report.pk])
    parent = SectionFactory(report=report, title="Hoved", unchanged_since_copy=True)
    SectionFactory(report=report, parent=parent, title="Under", unchanged_since_copy=True)
    client.get(url)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(40):
        SectionFactory(report=report, parent=parent, title=f"S{index}", unchanged_since_copy=True)
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert html.count("Uendret siden forrige måned") == 42


def test_project_statuses_gone_through_unchanged_in_the_week_count_as_done(admin_user):
    project = BuildingProjectFactory(title="Skolenett Rauma")
    StatusUpdateFactory(project=project, date=datetime.date(2024, 2, 9))  # week 6
    # Saved in week 8: too early for the report of 01.03.2024 (week 9).
    status_updates_save(date=datetime.date(2024, 2, 23), updates={}, user=admin_user)
    assert not items_by_label()["Prosjektstatus for uke 9"].ok

    # The grid saved on Wednesday of week 9 with the row unchanged: nothing is written,
    # but the week's statuses are gone through.
    latest = StatusUpdate.objects.get(project=project)
    saved = status_updates_save(
        date=datetime.date(2024, 2, 28),
        updates={project.pk: (latest.status, latest.comment)},
        user=admin_user,
    )
    assert saved == 0
    assert StatusUpdate.objects.count() == 1
    item = items_by_label()["Prosjektstatus for uke 9"]
    assert item.ok
    assert item.detail == (
        "0 av 1 aktive prosjekter har status fra uke 9. "
        f"Statusene ble gjennomgått for 28.02.2024 av {admin_user}."
    )

    # A review after the as-of date is not one the report's figures stand on.
    StatusUpdate.objects.all().delete()
    StatusReview.objects.filter(date=datetime.date(2024, 2, 28)).update(
        date=datetime.date(2024, 3, 2)
    )
    assert not items_by_label()["Prosjektstatus for uke 9"].ok
