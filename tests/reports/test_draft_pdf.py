"""The draft's PDF made in the background after each change (reports/draft_pdf.py): the
preview answers from the cache when nothing changed since, never with a stale PDF, and
publishing finds its version's PDF made."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from budget import demo
from budget.models import BudgetLine, MonthlyActual
from budget.services import actuals_save
from jobs.models import Job
from projects.services import status_updates_save
from reports.draft_pdf import make_draft_pdf_in_background
from reports.jobs import start_draft_pdf
from reports.pdf import cached_pdf
from reports.publishing import report_publish
from reports.rendering import assemble, report_print_html
from ror_portal.roles import Role
from tests.factories import SectionFactory
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory
from tests.reports.printed import norm, pages_of

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def draft_print_html(report) -> str:
    return report_print_html(report=report, assembled=assemble(report))


def text_of(pdf: bytes) -> str:
    return norm(" ".join(" ".join(lines) for lines in pages_of(pdf)))


def test_a_change_makes_the_drafts_pdf_and_the_next_versions_in_the_background(
    report_with_glossary,
    client_for,
    administrator,
    settings,
    weasyprint_runs,
    django_capture_on_commit_callbacks,
):
    # Turned on after the fixtures are made: their saves would queue in the test's own
    # transaction, which never commits.
    settings.DRAFT_PDF_IN_BACKGROUND = True
    report = report_with_glossary
    section = report.sections.get(title="Driftsresultat")
    assert cached_pdf(draft_print_html(report)) is None

    with django_capture_on_commit_callbacks(execute=True) as queued:
        section.body = "Merforbruk på **2,1 mill. kr**."
        section.save()

    # One task queued, which made the draft's PDF and version 1's, dated today.
    assert len(queued) == 1 and len(weasyprint_runs) == 2
    assert cached_pdf(draft_print_html(report)) is not None
    preview = client_for(Role.ADMINISTRATOR).get(f"/rapporter/{report.slug}/utkast/pdf/")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert "2,1 mill. kr" in text_of(preview.content)
    assert not Job.objects.exists() and len(weasyprint_runs) == 2  # from the cache

    with django_capture_on_commit_callbacks(execute=True) as queued:
        version = report_publish(report=report, user=administrator, notify=False)
    # The publish found its PDF made; the task its save of the report queued found the
    # draft's made, and no version 2 to make (it would show nothing new).
    assert len(queued) == 1 and len(weasyprint_runs) == 2
    day = timezone.localdate(version.published_at).strftime("%d.%m.%Y")
    assert f"Versjon 1 · publisert {day}" in text_of(version.pdf.read())


@pytest.fixture
def report_with_accounts(report_with_glossary):
    """The January 2024 report with the 2023 operating result (accounts through
    December 2023) from the demo's budget."""
    demo.load()
    SectionFactory(
        report=report_with_glossary, title="Driftsregnskap", block="budget.operating_result"
    )
    return report_with_glossary


def december_actual_add(amount: int) -> None:
    """Change a December 2023 actual as the actuals form does."""
    line = BudgetLine.objects.filter(year=2023, kind="operating").order_by("order").first()
    actual = MonthlyActual.objects.get(line=line, month=12)
    actuals_save(year=2023, month=12, amounts={line.pk: actual.amount + amount})


def test_a_changed_actual_is_never_previewed_from_the_stale_pdf(
    report_with_accounts,
    client_for,
    settings,
    weasyprint_runs,
    django_capture_on_commit_callbacks,
):
    settings.DRAFT_PDF_IN_BACKGROUND = True
    client = client_for(Role.ADMINISTRATOR)
    url = f"/rapporter/{report_with_accounts.slug}/utkast/pdf/"
    with django_capture_on_commit_callbacks(execute=True):  # a text saved: the PDF is made
        report_with_accounts.sections.get(title="Driftsregnskap").save()
    made = client.get(url)
    assert made.status_code == 200 and "1 938 000" in text_of(made.content)

    # An actual changed while the worker has not made the PDF yet (here: not queued):
    # the preview goes to the job that makes it, and that PDF has the new figure.
    settings.DRAFT_PDF_IN_BACKGROUND = False
    december_actual_add(100_000)
    first = client.get(url)
    job = Job.objects.get()
    assert (first.status_code, first["Location"]) == (302, f"/admin/jobber/{job.pk}/")
    remade = client.get(url)
    assert remade.status_code == 200 and remade.content != made.content
    assert "2 038 000" in text_of(remade.content)
    assert "1 938 000" not in text_of(remade.content)

    # With the background on, the next change's PDF is ready when the preview is asked.
    settings.DRAFT_PDF_IN_BACKGROUND = True
    with django_capture_on_commit_callbacks(execute=True):
        december_actual_add(100_000)
    at_once = client.get(url)
    assert at_once.status_code == 200 and Job.objects.count() == 1
    assert "2 138 000" in text_of(at_once.content)
    assert "2 038 000" not in text_of(at_once.content)


@pytest.mark.django_db(transaction=True)
def test_a_newer_change_supersedes_one_not_started(report_with_glossary, settings, weasyprint_runs):
    settings.TASKS = DATABASE_TASKS
    settings.DRAFT_PDF_IN_BACKGROUND = True
    report = report_with_glossary
    section = report.sections.get(title="Driftsresultat")
    with transaction.atomic():  # one change of several rows: queued once
        for body in ("Første utkast.", "Andre utkast."):
            section.body = body
            section.save()
    section.body = "Tredje utkast."  # another change while the first waits
    section.save()
    waiting = DBTaskResult.objects.filter(task_path=make_draft_pdf_in_background.module_path)
    assert waiting.count() == 1 and not weasyprint_runs

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    result = waiting.get()
    assert (result.status, result.return_value) == ("SUCCESSFUL", ["draft", "version 1"])
    assert len(weasyprint_runs) == 2  # one draft and one version: the newest text's
    assert "Tredje utkast." in text_of(cached_pdf(draft_print_html(report)))

    # A change after the task has started is a new request.
    section.body = "Fjerde utkast."
    section.save()
    assert waiting.count() == 2


def test_a_weekly_status_saved_in_bulk_queues_the_newest_reports_pdf(
    report_with_glossary, settings, django_capture_on_commit_callbacks
):
    """The weekly grid writes its rows in bulk (no post_save): it says so itself."""
    project = BuildingProjectFactory()
    StatusUpdateFactory(project=project, date=datetime.date(2024, 1, 26))
    review = datetime.date(2024, 2, 2)
    status_updates_save(date=review, updates={project.pk: ("on_plan", "Uendret.")})
    settings.DRAFT_PDF_IN_BACKGROUND = True

    with django_capture_on_commit_callbacks() as queued:  # saved again, changed
        status_updates_save(date=review, updates={project.pk: ("minor_delays", "Forsinket.")})
    assert [callback.queued_task for callback in queued] == [
        (make_draft_pdf_in_background.module_path, [report_with_glossary.pk])
    ]

    with django_capture_on_commit_callbacks() as queued:  # nothing changed: nothing queued
        status_updates_save(date=review, updates={project.pk: ("minor_delays", "Forsinket.")})
    assert queued == []


def test_a_task_a_person_waits_for_goes_before_the_background_pdf(
    report_with_glossary, settings, administrator, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    settings.DRAFT_PDF_IN_BACKGROUND = True
    section = report_with_glossary.sections.get(title="Driftsresultat")
    section.body = "Endret."
    with django_capture_on_commit_callbacks(execute=True):
        section.save()  # queues the draft's PDF first
    # then a PDF a person asked for
    start_draft_pdf(report=report_with_glossary, user=administrator, url="/rapporter/2024-01/")
    ready = [result.task_path for result in DBTaskResult.objects.ready()]
    assert len(ready) == 2
    assert ready[-1] == make_draft_pdf_in_background.module_path  # taken last
