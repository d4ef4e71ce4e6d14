"""The month in progress leads: the admin's front page shows the draft's checklist and
its next step, and every step's page links back to that checklist."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import MonthlyActual
from jobs.models import Job
from projects.models import StatusUpdate
from reports.models import MonthlyReport
from tests.factories import (
    BoardMeetingFactory,
    BudgetLineFactory,
    MonthlyReportFactory,
    SectionFactory,
    TicketFactory,
    UserFactory,
)
from tests.html_validator import html_errors
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db
OSLO = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def february(db):
    """January 2024 published, February 2024 the draft in progress (tall per 01.03.2024)."""
    MonthlyReportFactory(status=MonthlyReport.Status.PUBLISHED)
    draft = MonthlyReportFactory(
        meeting=BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13)),
        month=datetime.date(2024, 2, 1),
        as_of=datetime.date(2024, 3, 1),
    )
    SectionFactory(report=draft, title="Brukerstøtte", unchanged_since_copy=True)
    return draft


def content_url(report) -> str:
    return reverse("admin:reports_monthlyreport_content", args=[report.pk])


def back_links(html: str) -> list[str]:
    """The hrefs of the links back to a checklist."""
    return re.findall(r'<p class="back-to-checklist"><a href="([^"]+)">', html)


def test_the_front_page_shows_the_month_in_progress(client, administrator, february):
    lines = BudgetLineFactory.create_batch(2, year=2024)
    for line in lines:
        MonthlyActual.objects.create(line=line, month=1, amount=Decimal("100"))
    TicketFactory(created=datetime.datetime(2024, 2, 29, 10, 0, tzinfo=OSLO))
    client.force_login(administrator)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Måneden som pågår: februar 2024" in html
    assert "Møte 2024/M2 13.03.2024; tall per 01.03.2024." in html
    # actuals and tickets done; no project asked for is done too; the copied text is open
    assert "3 av 4 punkter gjort." in html
    assert (
        "Neste steg: <a href="
        f'"{reverse("admin:reports_monthlyreport_review", args=[february.pk])}">'
        "Tekstene gjennomgått for denne måneden</a>." in html
    )
    assert f'<a class="button" href="{content_url(february)}">Innhold og publisering</a>' in html


def test_the_next_step_is_the_first_open_point(client, administrator, february):
    BudgetLineFactory(year=2024)
    client.force_login(administrator)
    html = client.get(reverse("admin:index")).content.decode()
    assert "1 av 4 punkter gjort." in html  # only the projects': there are none to ask for
    actuals = reverse("admin:budget_ledgerimport_upload")
    assert (
        f'Neste steg: <a href="{actuals}">Regnskapstall for januar 2024</a>. '
        "Mangler regnskapstall for: 1 av 1 poster." in html
    )


def test_every_point_done_says_publish(client, administrator, february):
    february.sections.update(unchanged_since_copy=False)
    MonthlyActual.objects.create(line=BudgetLineFactory(year=2024), month=1, amount=0)
    TicketFactory(created=datetime.datetime(2024, 2, 29, 10, 0, tzinfo=OSLO))
    client.force_login(administrator)
    html = client.get(reverse("admin:index")).content.decode()
    assert "4 av 4 punkter gjort." in html
    assert "Alle punktene er gjort: forhåndsvis utkastet og publiser det." in html


def test_without_a_draft_the_front_page_offers_the_next_month(client, administrator):
    MonthlyReportFactory(status=MonthlyReport.Status.PUBLISHED)
    client.force_login(administrator)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Ingen måned pågår" in html
    next_month = reverse("admin:reports_monthlyreport_next_month")
    assert f'<a class="button" href="{next_month}">Start neste måned</a>' in html


def test_the_front_page_queries_do_not_grow_with_the_data(
    client, administrator, february, django_assert_max_num_queries
):
    client.force_login(administrator)
    url = reverse("admin:index")
    client.get(url)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(30):
        line = BudgetLineFactory(year=2024, name=f"Post {index}")
        MonthlyActual.objects.create(line=line, month=1, amount=index)
        project = BuildingProjectFactory(title=f"Prosjekt {index}")
        StatusUpdateFactory(project=project, date=datetime.date(2024, 2, 20))
        SectionFactory(report=february, title=f"S{index}", unchanged_since_copy=True)
        TicketFactory(created=datetime.datetime(2024, 2, 1 + index % 28, 9, 0, tzinfo=OSLO))
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert "Måneden som pågår: februar 2024" in html
    # the admin's own 5, the draft, 9 or 10 for the checklist, last month's version (a
    # number typed in a copied text is looked for among its figures) and the meetings in
    # progress (meetings/templatetags/meeting_steps.py)
    assert len(few) <= 18


# Every step's page leads back to the month's checklist ----------------------------------


def test_the_actuals_page_after_saving_leads_back(client, administrator, february):
    line = BudgetLineFactory(year=2024)
    client.force_login(administrator)
    url = reverse("admin:budget_budgetline_actuals") + "?year=2024&month=1"
    response = client.post(url, {f"line_{line.pk}": "1 250"}, follow=True)
    html = response.content.decode()
    assert "Regnskapstall for januar 2024 er lagret for 1 post" in html
    assert back_links(html) == [content_url(february) + "#sjekkliste"]
    assert "Tilbake til sjekklisten for februar 2024" in html


def test_the_budget_lines_after_copying_lead_back(client, administrator, february):
    BudgetLineFactory(year=2023)
    client.force_login(administrator)
    html = client.get(reverse("admin:budget_budgetline_changelist") + "?year__exact=2024")
    assert back_links(html.content.decode()) == [content_url(february) + "#sjekkliste"]


def test_the_finished_import_job_leads_back(client, administrator, february):
    job = Job.objects.create(
        title="Import av eksport.csv",
        started_by=administrator,
        status=Job.Status.DONE,
        message="12 nye saker er importert.",
        result_url=reverse("admin:support_ticket_changelist"),
        result={"link": "Se sakene"},
    )
    client.force_login(administrator)
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Se sakene" in html
    assert back_links(html) == [content_url(february) + "#sjekkliste"]


def test_the_draft_pdf_job_leads_back_while_it_runs(client, administrator, february):
    job = Job.objects.create(
        title="PDF av utkastet til Månedsrapport februar 2024",
        started_by=administrator,
        status=Job.Status.RUNNING,
        follow=True,
        arguments={"report": february.pk, "case": None, "url": "/rapporter/2024-02/utkast/pdf/"},
    )
    client.force_login(administrator)
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert back_links(html) == [content_url(february) + "#sjekkliste"]


def test_the_saved_weekly_statuses_lead_back(client, administrator, february):
    project = BuildingProjectFactory(title="Skolenett Rauma")
    StatusUpdateFactory(project=project, date=datetime.date(2024, 2, 20))
    client.force_login(administrator)
    url = reverse("admin:projects_buildingproject_updates")
    response = client.post(
        url,
        {
            "date": "01.03.2024",
            "shown": "2024-03-01",
            f"status_{project.pk}": StatusUpdate.Status.MINOR_DELAYS,
            f"comment_{project.pk}": "Leveransen er forsinket.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert StatusUpdate.objects.filter(date=datetime.date(2024, 3, 1)).count() == 1
    assert back_links(html) == [content_url(february) + "#sjekkliste"]


def test_a_section_saved_goes_to_its_reports_content_and_its_form_leads_back(
    client, administrator, february
):
    section = february.sections.get()
    client.force_login(administrator)
    url = reverse("admin:reports_section_change", args=[section.pk])
    assert back_links(client.get(url).content.decode()) == [content_url(february) + "#sjekkliste"]
    data = {"report": february.pk, "title": "Brukerstøtte", "body": "Ny tekst.", "block": ""}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == content_url(february)
    # "Lagre og fortsett redigere" stays on the form, which links back
    response = client.post(url, {**data, "_continue": "1"}, follow=True)
    assert back_links(response.content.decode()) == [content_url(february) + "#sjekkliste"]


def test_a_section_of_another_report_leads_to_that_reports_checklist(
    client, administrator, february
):
    january = MonthlyReport.objects.get(month=datetime.date(2024, 1, 1))
    section = SectionFactory(report=january, title="Regnskap 2023")
    client.force_login(administrator)
    html = client.get(reverse("admin:reports_section_change", args=[section.pk])).content.decode()
    assert back_links(html) == [content_url(january) + "#sjekkliste"]


def test_the_draft_preview_leads_back(client, administrator, february):
    client.force_login(administrator)
    html = client.get(reverse("reports:draft", args=["2024-02"])).content.decode()
    assert back_links(html) == [content_url(february) + "#sjekkliste"]


def test_without_a_draft_no_page_offers_a_way_back(client, administrator):
    MonthlyReportFactory(status=MonthlyReport.Status.PUBLISHED)
    BudgetLineFactory(year=2024)
    client.force_login(administrator)
    html = client.get(
        reverse("admin:budget_budgetline_actuals") + "?year=2024&month=1"
    ).content.decode()
    assert back_links(html) == []


def test_only_those_who_may_open_the_checklist_are_led_to_it(client, february):
    """A staff user who may enter actuals but not change reports gets no link to a page
    that would refuse them, and no month on the front page."""
    accountant = UserFactory(username="regnskap", is_staff=True)
    accountant.user_permissions.add(
        Permission.objects.get(codename="change_monthlyactual"),
        Permission.objects.get(codename="view_budgetline"),
    )
    BudgetLineFactory(year=2024)
    client.force_login(accountant)
    url = reverse("admin:budget_budgetline_actuals") + "?year=2024&month=1"
    html = client.get(url).content.decode()
    assert 'name="line_' in html
    assert back_links(html) == []
    assert "Måneden som pågår" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(content_url(february)).status_code == 403


def test_the_actuals_page_of_a_year_without_lines_leads_to_copying(client, administrator, february):
    BudgetLineFactory(year=2023, name="Lønn")
    client.force_login(administrator)
    html = client.get(
        reverse("admin:budget_budgetline_actuals") + "?year=2024&month=1"
    ).content.decode()
    assert "Det finnes ingen budsjettposter for 2024: kopier postene for 2023" in html
    changelist = reverse("admin:budget_budgetline_changelist")
    assert f'<a href="{changelist}?year=2023">Budsjettpostene for 2023</a>' in html
    # the list of 2023 says how to copy them
    html = client.get(changelist + "?year=2023").content.decode()
    assert "2024 har ingen budsjettposter ennå." in html
    assert "«Kopier valgte poster til neste år»" in html
    assert "Lønn" in html
    # and says nothing once 2024 has lines
    BudgetLineFactory(year=2024)
    html = client.get(changelist + "?year=2023").content.decode()
    assert "har ingen budsjettposter ennå" not in html


def test_the_pages_with_the_month_and_the_way_back_are_valid_html(client, administrator, february):
    BudgetLineFactory(year=2023, name="Lønn")
    job = Job.objects.create(
        title="Import av eksport.csv", started_by=administrator, status=Job.Status.DONE
    )
    client.force_login(administrator)
    changelist = reverse("admin:budget_budgetline_changelist")
    pages = {
        "front page with a draft": client.get(reverse("admin:index")).content.decode(),
        "job page": client.get(reverse("jobs:job", args=[job.pk])).content.decode(),
        "actuals of a year without lines": client.get(
            reverse("admin:budget_budgetline_actuals") + "?year=2024&month=1"
        ).content.decode(),
        "the year before's lines": client.get(changelist + "?year=2023").content.decode(),
        "weekly statuses": client.get(
            reverse("admin:projects_buildingproject_updates")
        ).content.decode(),
        "section form": client.get(
            reverse("admin:reports_section_change", args=[february.sections.get().pk])
        ).content.decode(),
        "draft preview": client.get(reverse("reports:draft", args=["2024-02"])).content.decode(),
    }
    february.status = MonthlyReport.Status.PUBLISHED
    february.save()
    pages["front page without a draft"] = client.get(reverse("admin:index")).content.decode()
    assert "Måneden som pågår: februar 2024" in pages["front page with a draft"]
    assert "Ingen måned pågår" in pages["front page without a draft"]
    steps = ["job page", "actuals of a year without lines", "weekly statuses", "section form"]
    for name in [*steps, "draft preview"]:
        assert back_links(pages[name]) == [content_url(february) + "#sjekkliste"], name
    assert html_errors(pages) == []
