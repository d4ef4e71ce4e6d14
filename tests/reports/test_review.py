"""The copied texts' page: each text now beside last month's as published, its figures
then and now, and "Still true" for a section or a chapter, by script (JSON) or form."""

import datetime

import pytest
from django.urls import reverse

from reports.models import Section
from reports.next_month import report_start_next_month
from reports.publishing import report_publish
from ror_portal.roles import Role
from tests.factories import MonthlyReportFactory, SectionFactory, TermFactory

pytestmark = pytest.mark.django_db
TERMS = "{{reports.glossary | Begreper i ordlisten}}"


@pytest.fixture
def february(next_meeting, administrator):
    """January published with two chapters, February copied from it."""
    january = MonthlyReportFactory()
    first = SectionFactory(report=january, title="Aktiviteter", body="")
    SectionFactory(report=january, parent=first, title="Kundeservice", body="Rolig måned.")
    SectionFactory(report=january, parent=first, title="Skole", body="Nye nettbrett.")
    SectionFactory(
        report=january,
        title="Ordliste",
        body=f"Ordlisten har {TERMS} begreper per {{{{periode | Tall per}}}}.",
        block="reports.glossary",
    )
    TermFactory(term="AD")
    report_publish(report=january, user=administrator, notify=False)
    TermFactory(term="SOC")
    return report_start_next_month(
        report=january, meeting=next_meeting, as_of=datetime.date(2024, 3, 1)
    )


def review_url(report):
    return reverse("admin:reports_monthlyreport_review", args=[report.pk])


def test_each_copied_text_is_shown_now_and_as_published_with_its_figures(february, client_for):
    response = client_for(Role.ADMINISTRATOR).get(review_url(february))
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 kopierte tekster gjenstår å gå gjennom." in html
    assert "Alle i kapittel 1 er gjennomgått" in html and "Alle i kapittel 2 er" in html
    # now (February's figures) and last month as the board was given it
    assert "Ordlisten har 2 begreper per 01.03.2024." in html
    assert "Ordlisten har 1 begreper per 01.02.2024." in html
    assert '<tr><th scope="row">Begreper i ordlisten</th><td>1</td><td>2</td></tr>' in html


def test_still_true_by_script_answers_json_and_keeps_the_history(february, client_for):
    section = february.sections.get(title="Kundeservice")
    response = client_for(Role.ADMINISTRATOR).post(
        review_url(february), {"section": [section.pk]}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "confirmed": [section.pk],
        "left": 2,
        "message": "1 tekst er bekreftet som fortsatt riktig. "
        "2 kopierte tekster gjenstår å gå gjennom.",
    }
    section.refresh_from_db()
    assert not section.unchanged_since_copy
    assert section.history.first().unchanged_since_copy is False


def test_a_whole_chapter_without_script_and_only_this_reports_sections(february, client_for):
    chapter = [s.pk for s in february.sections.filter(title__in=["Kundeservice", "Skole"])]
    december = MonthlyReportFactory(month=datetime.date(2023, 12, 1))
    elsewhere = SectionFactory(report=december, title="Annen rapport", body="x")
    Section.objects.filter(pk=elsewhere.pk).update(unchanged_since_copy=True)
    response = client_for(Role.ADMINISTRATOR).post(
        review_url(february), {"section": [*chapter, elsewhere.pk]}, follow=True
    )
    assert response.redirect_chain == [(review_url(february), 302)]
    html = response.content.decode()
    assert "2 tekster er bekreftet som fortsatt riktige." in html
    assert "1 kopiert tekst gjenstår å gå gjennom." in html
    assert not february.sections.filter(pk__in=chapter, unchanged_since_copy=True).exists()
    assert Section.objects.get(pk=elsewhere.pk).unchanged_since_copy  # not this report's


def test_the_checklist_leads_to_the_copied_texts_page(february, client_for):
    html = (
        client_for(Role.ADMINISTRATOR)
        .get(reverse("admin:reports_monthlyreport_content", args=[february.pk]))
        .content.decode()
    )
    assert f'href="{review_url(february)}"' in html
    assert "Gå gjennom de 3 kopierte tekstene" in html


@pytest.mark.parametrize("role", [None, Role.BOARD_MEMBER, Role.FINANCE])
def test_only_administrators_go_through_texts(february, client_for, role):
    section = february.sections.get(title="Skole")
    response = client_for(role).post(review_url(february), {"section": [section.pk]})
    assert response.status_code in (302, 403)
    section.refresh_from_db()
    assert section.unchanged_since_copy


def test_a_typed_number_gone_stale_is_named_beside_its_text(february, client_for):
    february.sections.filter(title="Ordliste").update(body="Ordlisten har 1 begreper.")
    html = client_for(Role.ADMINISTRATOR).get(review_url(february)).content.decode()
    assert (
        '<ul class="errornote review-stale"><li>2 Ordliste nevner 1; tallet (Begreper i '
        "ordlisten) var 1 i januar og er 2 nå</li></ul>" in html
    )
    assert html.count("review-stale") == 1  # the sections without typed figures have none
