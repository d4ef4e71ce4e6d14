"""The search index follows what is published, in the same transaction."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from archive.indexing import Indexer
from archive.models import SearchEntry
from reports.models import ReportVersion
from reports.publishing import case_document_publish, report_publish
from tests.factories import BoardMeetingFactory, CaseFactory

pytestmark = pytest.mark.django_db


def entries(**filters) -> list[tuple]:
    return list(
        SearchEntry.objects.filter(**filters)
        .order_by("report", "case", "position")
        .values_list("version", "anchor", "number", "title", "text")
    )


def test_publishing_indexes_each_section_of_the_published_version(
    report_with_glossary, administrator
):
    report_publish(report=report_with_glossary, user=administrator)

    found = entries(report=report_with_glossary)
    assert [row[:4] for row in found] == [
        (1, "seksjon-1", "1", "Regnskap 2023"),
        (1, "seksjon-1-1", "1.1", "Driftsresultat"),
        (1, "seksjon-2", "2", "Definisjoner og begreper"),
    ]
    assert found[0][4] == "Innledning."
    assert found[1][4] == "Merforbruk på 1,938 mill. kr."
    assert "Et tenkt begrep med Ø." in found[2][4]
    assert "CSV" not in found[2][4]  # the download link is not text of the report


def test_a_new_version_replaces_the_entries_and_later_edits_do_not_reach_them(
    report_with_glossary, administrator
):
    report_publish(report=report_with_glossary, user=administrator)
    section = report_with_glossary.sections.get(title="Driftsresultat")
    section.body = "Rettet tekst."
    section.save()
    report_publish(report=report_with_glossary, user=administrator)
    section.body = "Endret etter publisering."
    section.save()

    found = entries(report=report_with_glossary)
    assert {row[0] for row in found} == {2}
    assert len(found) == 3
    assert found[1][4] == "Rettet tekst."


def test_a_failed_publication_leaves_no_entries(report_with_glossary, administrator, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the mail server is down")

    # Fails after the version is saved (and indexed): everything must roll back.
    monkeypatch.setattr("reports.publishing.notify_published", fail)
    with pytest.raises(RuntimeError):
        report_publish(report=report_with_glossary, user=administrator)

    assert not ReportVersion.objects.exists()
    assert not SearchEntry.objects.exists()


def test_a_case_is_indexed_when_saved_and_its_entry_goes_with_it():
    case = CaseFactory(title="Ny sikkerhetspartner", proposed_decision="Rådet **godkjenner**.")
    assert entries(case=case) == [
        (None, "", case.number, "Ny sikkerhetspartner", "Rådet godkjenner.")
    ]

    case.decision = "Vedtatt som foreslått."
    case.save()
    assert entries(case=case)[0][4] == "Rådet godkjenner.\nVedtatt som foreslått."

    case.delete()
    assert not SearchEntry.objects.exists()


def test_a_published_case_document_is_indexed_with_the_case(administrator):
    from budget import demo as budget_demo
    from security import demo as security_demo

    budget_demo.load()
    security_demo.load()
    case = CaseFactory(
        meeting=BoardMeetingFactory(),
        number="2024/M1-004",
        title="Sikkerhetspartner",
        document_block="security.case_document",
    )
    assert "1,864 mill" not in entries(case=case)[0][4]

    case_document_publish(case=case, user=administrator, notify=False)

    [(version, _, number, title, text)] = entries(case=case)
    assert (version, number, title) == (1, "2024/M1-004", "Sikkerhetspartner")
    assert "Samarbeidsrådet godkjenner saken." in text  # the proposal
    assert "Saksframlegg 2024/M1-004 Sikkerhetspartner" in text  # the document
    assert "<" not in text


def test_the_markers_the_search_uses_never_reach_the_index():
    case = CaseFactory(title="Med \x02 og \x03", proposed_decision="\x02Tekst\x03")
    assert entries(case=case)[0][3:] == ("Med  og ", "Tekst")


def test_the_rebuild_command_and_the_data_migration_index_what_is_published(
    report_with_glossary, administrator
):
    report_publish(report=report_with_glossary, user=administrator)
    CaseFactory(meeting=report_with_glossary.meeting)
    indexed = entries()
    SearchEntry.objects.all().delete()

    call_command("rebuild_search_index", stdout=None)
    assert entries() == indexed

    SearchEntry.objects.all().delete()
    # The data migration, with the models as they were at that migration.
    state = MigrationExecutor(connection).loader.project_state(
        ("archive", "0002_search_index_and_entries")
    )
    Indexer(state.apps).everything()
    assert entries() == indexed


def test_the_demo_ends_with_its_report_and_cases_in_the_index():
    call_command("demo", stdout=None)

    numbers = set(SearchEntry.objects.values_list("number", flat=True))
    assert {"1.1", "2.1.2.6", "2.1.2.6.1", "3", "2024/M1-004", "2024/M1-005"} <= numbers
    overholdelse = SearchEntry.objects.get(number="2.1.2.6")
    assert overholdelse.anchor == "seksjon-2-1-2-6"
    assert overholdelse.title == "Overholdelse av tjenestenivåavtalen – SLA"


def test_a_rebuild_skips_a_version_whose_file_changed_and_indexes_the_rest(
    report_with_glossary, administrator
):
    """The changed file is refused where it is read (logged, administrators told); the
    index goes on without its text rather than stopping on it."""
    from pathlib import Path

    import reports.frozen

    version = report_publish(report=report_with_glossary, user=administrator, notify=False)
    case = CaseFactory(meeting=report_with_glossary.meeting, title="Sak som fortsatt finnes")
    Path(version.html.path).write_bytes(b"<p>Endret etter publisering</p>")
    reports.frozen._stored.clear()  # as after a restart

    call_command("rebuild_search_index", stdout=None)

    assert entries(report=report_with_glossary) == []
    assert entries(case=case)[0][3] == "Sak som fortsatt finnes"
