import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from reports.models import ReportVersion
from reports.services import report_publish
from ror_portal import blocks
from ror_portal.blocks import BlockData
from tests.factories import MonthlyReportFactory, SectionFactory


def stored_bytes(field) -> bytes:
    with field.open("rb") as stored:
        return stored.read()


def test_publishing_freezes_html_pdf_and_their_sha256(report_with_glossary, administrator):
    version = report_publish(report=report_with_glossary, user=administrator)

    html, pdf = stored_bytes(version.html), stored_bytes(version.pdf)
    assert version.number == 1
    assert version.published_by == administrator
    assert hashlib.sha256(html).hexdigest() == version.html_sha256
    assert hashlib.sha256(pdf).hexdigest() == version.pdf_sha256
    assert pdf.startswith(b"%PDF-")
    assert "Merforbruk på <strong>1,938 mill. kr</strong>" in html.decode()
    assert version.report.status == "published"

    section = report_with_glossary.sections.get(title="Driftsresultat")
    section.body = "Endret etter publisering."
    section.save()
    version.refresh_from_db()
    assert stored_bytes(version.html) == html
    assert stored_bytes(version.pdf) == pdf
    assert "Endret etter publisering" not in stored_bytes(version.html).decode()


def test_publishing_again_makes_version_two_and_keeps_version_one(
    report_with_glossary, administrator
):
    first = report_publish(report=report_with_glossary, user=administrator)
    section = report_with_glossary.sections.get(title="Driftsresultat")
    section.body = "Rettet tekst."
    section.save()
    second = report_publish(report=report_with_glossary, user=administrator)

    assert [v.number for v in report_with_glossary.versions.all()] == [2, 1]
    assert "Rettet tekst" in stored_bytes(second.html).decode()
    assert "Rettet tekst" not in stored_bytes(first.html).decode()
    assert default_storage.exists(first.pdf.name) and first.pdf.name != second.pdf.name


def test_the_version_stores_each_blocks_figures_and_csv(report_with_glossary, administrator):
    version = report_publish(report=report_with_glossary, user=administrator)
    glossary = version.block_data["2"]
    assert glossary["block"] == "reports.glossary"
    assert glossary["columns"] == ["Begrep", "Forklaring"]
    assert [row[0] for row in glossary["rows"]] == ["AD", "SOC", "Zero trust", "Ørsta-nett"]
    assert glossary["csv"].startswith("Begrep;Forklaring\r\nAD;Active Directory\r\n")


def test_a_report_without_sections_cannot_be_published(db, administrator):
    report = MonthlyReportFactory()
    with pytest.raises(ValidationError, match="ingen seksjoner"):
        report_publish(report=report, user=administrator)
    assert not ReportVersion.objects.exists()


def test_an_unknown_block_blocks_publishing_and_nothing_is_saved(db, administrator, settings):
    report = MonthlyReportFactory()
    SectionFactory(report=report, block="budget.does_not_exist")
    with pytest.raises(ValidationError, match=r"budget\.does_not_exist"):
        report_publish(report=report, user=administrator)
    assert not ReportVersion.objects.exists()
    assert not (settings.MEDIA_ROOT / "reports").exists()


def test_a_failing_block_blocks_publishing_with_its_name(db, administrator, monkeypatch):
    def broken(period):
        raise ZeroDivisionError

    monkeypatch.setitem(
        blocks._registry,
        "tests.broken",
        blocks.Block("tests.broken", "Broken", broken, "reports/blocks/glossary.html"),
    )
    report = MonthlyReportFactory()
    SectionFactory(report=report, block="tests.broken")
    with pytest.raises(ValidationError, match=r"tests\.broken"):
        report_publish(report=report, user=administrator)
    assert not ReportVersion.objects.exists()


def test_a_failing_block_shows_a_placeholder_in_the_draft(client, administrator, monkeypatch):
    monkeypatch.setitem(
        blocks._registry,
        "tests.broken",
        blocks.Block("tests.broken", "Broken", lambda p: 1 / 0, "reports/blocks/glossary.html"),
    )
    report = MonthlyReportFactory()
    SectionFactory(report=report, title="Med feil", block="tests.broken")
    client.force_login(administrator)
    response = client.get(f"/rapporter/{report.slug}/utkast/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Datablokken tests.broken feilet" in html
    assert "Kan ikke publiseres før disse datablokkene virker: tests.broken" in html


def test_a_working_block_gets_its_figures_from_the_period(db, administrator, monkeypatch):
    seen = []

    def by_period(period):
        seen.append(period)
        return BlockData(columns=["Måned", "Tekst"], rows=[[period.month, "januar"]])

    monkeypatch.setitem(
        blocks._registry,
        "tests.period",
        blocks.Block("tests.period", "Period", by_period, "reports/blocks/glossary.html"),
    )
    report = MonthlyReportFactory()
    SectionFactory(report=report, block="tests.period")
    version = report_publish(report=report, user=administrator)
    assert seen[0].month == report.month and seen[0].as_of == report.as_of
    assert seen[0].meeting_date == report.meeting.date
    assert version.block_data["1"]["csv"] == "Måned;Tekst\r\n01.01.2024;januar\r\n"
    assert version.block_data["1"]["rows"] == [["2024-01-01", "januar"]]
