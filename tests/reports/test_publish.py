import hashlib
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from jobs.models import Job
from reports.models import ReportVersion
from reports.next_month import report_copy_to_next_month
from reports.publishing import report_publish
from ror_portal import blocks
from ror_portal.blocks import BlockData
from ror_portal.roles import Role
from tests.factories import MonthlyReportFactory, SectionFactory, UserFactory


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


# Publishing from the admin is deliberate: a confirmation page, then a POST.


def publish_url(report) -> str:
    return f"/admin/reports/monthlyreport/{report.pk}/publiser/"


def test_the_confirmation_lists_who_gets_the_notice_and_does_not_publish(
    client, report_with_glossary, administrator, board_member, finance_user
):
    UserFactory(username="uten-epost", first_name="Ola", email="", role=Role.BOARD_MEMBER)
    UserFactory(username="sluttet", first_name="Per", is_active=False, role=Role.FINANCE)
    client.force_login(administrator)
    html = client.get(publish_url(report_with_glossary)).content.decode()

    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", html)
    assert rows == [
        ("Bjørn Nordmann", "styre@example.no"),
        ("Frida Nordmann", "okonomi@example.no"),
    ]
    assert "Publiser versjon 1" in html
    assert not ReportVersion.objects.exists()
    report_with_glossary.refresh_from_db()
    assert report_with_glossary.status == "draft"


def test_the_confirmation_shows_the_open_points_of_the_checklist(
    client, report_with_glossary, administrator, next_meeting
):
    report_with_glossary.sections.filter(block="reports.glossary").update(body="")
    february = report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    client.force_login(administrator)
    html = client.get(publish_url(february)).content.decode()
    assert "Åpne punkter i sjekklisten" in html
    assert "2 seksjoner har forrige måneds tekst: 1 Regnskap 2023, 1.1 Driftsresultat." in html
    assert "Regnskapstall for januar 2024" in html  # no 2024 budget lines yet


def test_the_change_note_is_stored_and_goes_into_the_notice(
    client,
    report_with_glossary,
    administrator,
    board_member,
    django_capture_on_commit_callbacks,
):
    client.force_login(administrator)
    note = "Rettet driftsresultatet & teksten om SOC."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            publish_url(report_with_glossary), {"change_note": note, "next_version": "1"}
        )
    content_url = f"/admin/reports/monthlyreport/{report_with_glossary.pk}/innhold/"
    job = Job.objects.get()
    assert response["Location"] == f"/admin/jobber/{job.pk}/"
    assert job.message.startswith("Versjon 1 av Månedsrapport januar 2024 er publisert.")
    assert job.result_url == content_url
    version = ReportVersion.objects.get()
    assert version.change_note == note
    [message] = mail.outbox
    assert message.bcc == [board_member.email]
    assert f"Nytt i denne versjonen:\n{note}\n" in message.body
    html, _mime = message.alternatives[0]
    assert "Rettet driftsresultatet &amp; teksten om SOC." in html
    content = client.get(content_url).content.decode()
    assert "Rettet driftsresultatet &amp; teksten om SOC." in content


def test_a_notice_without_a_change_note_says_nothing_of_one(
    report_with_glossary, administrator, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = report_publish(report=report_with_glossary, user=administrator)
    assert version.change_note == ""
    assert "Nytt i denne versjonen" not in mail.outbox[0].body


def test_a_refused_publishing_from_the_confirmation_says_why_and_saves_nothing(
    client, administrator
):
    report = MonthlyReportFactory()
    client.force_login(administrator)
    html = client.get(publish_url(report)).content.decode()
    assert "Rapporten har ingen seksjoner" in html
    assert "Publiser versjon 1" not in html
    response = client.post(publish_url(report), {"change_note": "Ny"}, follow=True)
    assert "Rapporten har ingen seksjoner" in response.content.decode()
    assert not ReportVersion.objects.exists()


@pytest.mark.django_db
def test_files_left_by_a_killed_publish_give_way_to_the_version(
    report_with_glossary, administrator
):
    """A worker killed after storing a version's files but before the commit leaves them
    behind; the version of that number published again is stored under the same names."""
    base = (
        f"reports/{report_with_glossary.slug}/v1/ror-ikt-manedsrapport-{report_with_glossary.slug}"
    )
    for extension in ("html", "pdf"):
        default_storage.save(f"{base}.{extension}", ContentFile(b"half a publish"))

    version = report_publish(report=report_with_glossary, user=administrator, notify=False)

    assert (version.html.name, version.pdf.name) == (f"{base}.html", f"{base}.pdf")
    assert hashlib.sha256(version.pdf.read()).hexdigest() == version.pdf_sha256
    assert sorted(default_storage.listdir(base.rsplit("/", 1)[0])[1]) == [
        f"ror-ikt-manedsrapport-{report_with_glossary.slug}.html",
        f"ror-ikt-manedsrapport-{report_with_glossary.slug}.pdf",
    ]
