import datetime

import pytest
from django.urls import reverse

from reports.publishing import report_publish
from ror_portal.roles import Role
from tests.factories import MonthlyReportFactory, SectionFactory, correct_a_text


@pytest.fixture
def published(report_with_glossary, administrator):
    return report_publish(report=report_with_glossary, user=administrator)


def test_home_lists_published_reports_by_meeting(client_for, published):
    html = client_for(Role.BOARD_MEMBER).get("/").content.decode()
    assert "Samarbeidsrådet for ROR-IKT 2024/M1, 14.02.2024" in html
    assert 'href="/rapporter/2024-01/">Månedsrapport januar 2024</a>' in html
    assert "Ingen rapporter er publisert" not in html


def test_the_report_page_serves_the_frozen_version(client_for, published):
    section = published.report.sections.get(title="Driftsresultat")
    section.body = "Endret i utkastet."
    section.save()
    html = client_for(Role.FINANCE).get("/rapporter/2024-01/").content.decode()
    assert "Merforbruk på <strong>1,938 mill. kr</strong>" in html
    assert "Endret i utkastet" not in html
    assert 'href="#seksjon-1-1"' in html and 'id="seksjon-1-1"' in html
    assert 'href="/rapporter/2024-01/pdf/"' in html
    assert 'href="/moter/2024-M1/"' in html


def test_older_versions_stay_readable_and_listed(client_for, published, administrator):
    section = published.report.sections.get(title="Driftsresultat")
    section.body = "Rettet."
    section.save()
    report_publish(report=published.report, user=administrator)
    client = client_for(Role.BOARD_MEMBER)
    latest = client.get("/rapporter/2024-01/").content.decode()
    first = client.get("/rapporter/2024-01/versjon/1/").content.decode()
    assert "Rettet." in latest and "Versjon 2, publisert" in latest
    assert 'href="/rapporter/2024-01/versjon/1/"' in latest
    assert "1,938 mill. kr" in first and "Rettet." not in first
    assert 'href="/rapporter/2024-01/versjon/1/pdf/"' in first


def test_pdf_download_is_the_stored_file_with_its_name(client_for, published):
    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-01/pdf/")
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="ror-ikt-manedsrapport-2024-01.pdf"'
    )
    with published.pdf.open("rb") as stored:
        assert body == stored.read()


def test_glossary_figures_download_as_csv(client_for, published):
    response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-01/versjon/1/tall/2.csv")
    text = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ror-ikt-2024-01-2.csv"'
    assert text.startswith("\ufeffBegrep;Forklaring\r\n")
    assert text.splitlines()[1:] == [
        "AD;Active Directory",
        "SOC;Security Operations Center",
        "Zero trust;Ingen tillit som standard.",
        "Ørsta-nett;Et tenkt begrep med Ø.",
    ]


def test_draft_csv_follows_todays_data(client_for, report_with_glossary):
    from tests.factories import TermFactory

    TermFactory(term="Ny", definition="Lagt til nå.")
    text = client_for(Role.ADMINISTRATOR).get("/rapporter/2024-01/utkast/tall/2.csv")
    assert "Ny;Lagt til nå." in text.content.decode()


def test_the_draft_page_is_marked_and_links_draft_csv(client_for, report_with_glossary):
    html = client_for(Role.ADMINISTRATOR).get("/rapporter/2024-01/utkast/").content.decode()
    assert "Utkast" in html
    assert 'href="/rapporter/2024-01/utkast/tall/2.csv"' in html
    assert 'href="/rapporter/2024-01/utkast/pdf/"' in html


def test_a_published_page_reads_no_report_content_from_the_database(
    client_for, administrator, django_assert_num_queries
):
    """The page costs the same few queries however large the report is: the session,
    the user with its roles, and the versions with their report and meeting."""
    for month, sections in [(1, 3), (2, 40)]:
        report = MonthlyReportFactory(month=datetime.date(2024, month, 1))
        for _ in range(sections):
            SectionFactory(report=report)
        report_publish(report=report, user=administrator)
    client = client_for(Role.BOARD_MEMBER)
    client.get("/")  # the session's renewal (a write every few minutes) happens here
    for slug in ["2024-01", "2024-02"]:
        with django_assert_num_queries(3):
            assert client.get(f"/rapporter/{slug}/").status_code == 200


def test_meeting_page_lists_cases_and_attachments(client_for, published):
    from tests.factories import AttachmentFactory, CaseFactory

    case = CaseFactory(
        meeting=published.report.meeting, number="2024/M1-004", title="Sikkerhetspartner"
    )
    AttachmentFactory(case=case, title="Saksframlegg Sikkerhetspartner")
    html = client_for(Role.BOARD_MEMBER).get(reverse("meetings:meeting", args=["2024-M1"]))
    html = html.content.decode()
    assert "2024/M1-004 Sikkerhetspartner" in html
    assert "Alfarnes, Kristin" in html
    assert ">Saksframlegg Sikkerhetspartner</a>" in html
    assert "Månedsrapport januar 2024" in html


def test_attachment_download_keeps_a_safe_name(client_for, published):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.models import Attachment
    from tests.factories import CaseFactory

    attachment = Attachment.objects.create(
        case=CaseFactory(meeting=published.report.meeting),
        title="Vedlegg",
        file=SimpleUploadedFile("../../Saksframlegg Sikkerhet.pdf", b"%PDF-1.7 x"),
    )
    response = client_for(Role.FINANCE).get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert "/" not in attachment.file.name.removeprefix("attachments/")
    assert response["Content-Disposition"] == 'attachment; filename="saksframlegg-sikkerhet.pdf"'


def test_published_pages_answer_conditional_gets(client_for, published, administrator):
    client = client_for(Role.BOARD_MEMBER)
    first = client.get("/rapporter/2024-01/")
    etag = first["ETag"]
    assert first.status_code == 200 and first["Last-Modified"]
    assert "private" in first["Cache-Control"]
    assert client.get("/rapporter/2024-01/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    correct_a_text(published.report)
    report_publish(report=published.report, user=administrator)
    again = client.get("/rapporter/2024-01/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    # another user's page is another ETag (the header shows who is signed in)
    assert client_for(Role.FINANCE).get("/rapporter/2024-01/")["ETag"] != again["ETag"]


def test_the_version_records_a_hash_of_each_blocks_figures(published):
    import hashlib

    figures = published.block_data["2"]
    assert figures["sha256"] == hashlib.sha256(figures["csv"].encode()).hexdigest()
