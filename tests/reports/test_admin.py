import datetime
import re

import pytest
from django.urls import reverse

from reports.models import MonthlyReport, ReportVersion, Section
from ror_portal.roles import Role
from tests.factories import SectionFactory


@pytest.fixture
def admin_client(client_for):
    return client_for(Role.ADMINISTRATOR)


def content_url(report):
    return reverse("admin:reports_monthlyreport_content", args=[report.pk])


def tree_rows(html: str) -> list[str]:
    """'1.1 Driftsresultat' for each row of the contents page's section table."""
    cells = re.findall(r"<td>([\d.]+)</td>\s*<td[^>]*><a [^>]*>([^<]+)</a>", html)
    return [f"{number} {title}" for number, title in cells]


def test_the_contents_page_shows_the_numbered_tree(admin_client, report_with_glossary):
    html = admin_client.get(content_url(report_with_glossary)).content.decode()
    assert tree_rows(html) == [
        "1 Regnskap 2023",
        "1.1 Driftsresultat",
        "2 Definisjoner og begreper",
    ]
    assert "reports.glossary" in html
    assert 'href="/rapporter/2024-01/utkast/"' in html


def test_publishing_from_the_admin_makes_a_version(admin_client, report_with_glossary):
    response = admin_client.post(
        reverse("admin:reports_monthlyreport_publish", args=[report_with_glossary.pk]),
        follow=True,
    )
    assert "Versjon 1 av Månedsrapport januar 2024 er publisert." in response.content.decode()
    assert ReportVersion.objects.get().report == report_with_glossary


def test_publishing_a_report_without_sections_says_why(admin_client, report_with_glossary):
    report_with_glossary.sections.all().delete()
    response = admin_client.post(
        reverse("admin:reports_monthlyreport_publish", args=[report_with_glossary.pk]),
        follow=True,
    )
    assert "Rapporten har ingen seksjoner" in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_moving_a_section_in_the_admin_renumbers(admin_client, report_with_glossary):
    last = report_with_glossary.sections.get(title="Definisjoner og begreper")
    admin_client.post(
        reverse("admin:reports_monthlyreport_move", args=[report_with_glossary.pk, last.pk, "up"])
    )
    html = admin_client.get(content_url(report_with_glossary)).content.decode()
    assert tree_rows(html) == [
        "1 Definisjoner og begreper",
        "2 Regnskap 2023",
        "2.1 Driftsresultat",
    ]


def test_a_section_cannot_be_put_under_its_own_child(admin_client, report_with_glossary):
    parent = report_with_glossary.sections.get(title="Regnskap 2023")
    child = report_with_glossary.sections.get(title="Driftsresultat")
    response = admin_client.post(
        reverse("admin:reports_section_change", args=[parent.pk]),
        {
            "parent": child.pk,
            "title": parent.title,
            "body": "",
            "block": "",
            "body_after_block": "",
        },
    )
    assert response.status_code == 200
    assert "En seksjon kan ikke plasseres under seg selv" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_a_new_section_goes_last_and_back_to_the_tree(admin_client, report_with_glossary):
    response = admin_client.post(
        reverse("admin:reports_section_add"),
        {
            "report": report_with_glossary.pk,
            "parent": "",
            "title": "Ny seksjon",
            "body": "Tekst",
            "block": "",
            "body_after_block": "",
        },
    )
    assert response["Location"] == content_url(report_with_glossary)
    html = admin_client.get(content_url(report_with_glossary)).content.decode()
    assert tree_rows(html) == [
        "1 Regnskap 2023",
        "1.1 Driftsresultat",
        "2 Definisjoner og begreper",
        "3 Ny seksjon",
    ]


def test_next_months_report_copies_structure_and_texts(
    admin_client, report_with_glossary, next_meeting
):
    response = admin_client.post(
        reverse("admin:reports_monthlyreport_next_month", args=[report_with_glossary.pk]),
        {"meeting": next_meeting.pk},
        follow=True,
    )
    february = MonthlyReport.objects.get(month=datetime.date(2024, 2, 1))
    assert "Månedsrapport februar 2024 er laget som utkast." in response.content.decode()
    assert february.meeting == next_meeting and february.as_of == datetime.date(2024, 3, 1)
    assert february.versions.count() == 0
    copied = {
        (s.title, s.parent.title if s.parent else None, s.block, s.body)
        for s in february.sections.all()
    }
    original = {
        (s.title, s.parent.title if s.parent else None, s.block, s.body)
        for s in report_with_glossary.sections.all()
    }
    assert copied == original
    assert Section.objects.filter(report=report_with_glossary).count() == 3


def test_next_months_report_needs_a_meeting(admin_client, report_with_glossary):
    response = admin_client.post(
        reverse("admin:reports_monthlyreport_next_month", args=[report_with_glossary.pk]),
        {},
        follow=True,
    )
    assert "Opprett først møtet som rapporten for 02.2024 skal legges fram i." in (
        response.content.decode()
    )
    assert MonthlyReport.objects.count() == 1


def test_a_report_month_without_a_meeting_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:reports_monthlyreport_add"),
        {"month": "01.03.2024", "as_of": "01.04.2024", "meeting": ""},
    )
    assert "Velg møtet rapporten legges fram i." in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_a_section_with_an_unknown_block_is_refused(admin_client, report_with_glossary):
    response = admin_client.post(
        reverse("admin:reports_section_add"),
        {"report": report_with_glossary.pk, "title": "X", "block": "nope.nothing"},
    )
    assert response.status_code == 200
    assert not Section.objects.filter(title="X").exists()


def test_section_tree_copy_keeps_nesting(db, report_with_glossary, next_meeting):
    from reports.services import report_copy_to_next_month

    SectionFactory(
        report=report_with_glossary,
        parent=report_with_glossary.sections.get(title="Driftsresultat"),
        title="Dypere",
    )
    february = report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    deep = february.sections.get(title="Dypere")
    assert deep.parent.title == "Driftsresultat"
    assert deep.parent.parent.title == "Regnskap 2023"
    assert deep.parent.report == february
