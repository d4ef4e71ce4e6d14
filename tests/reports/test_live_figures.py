"""Live figures in texts: a reference in a section's text shows the report's own figure,
follows the month when the text is copied, is frozen with a published version, and one
that finds no figure stops publishing with the section named."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reports.live_figures import Figure, FigureBook, quote, references
from reports.models import MonthlyReport
from reports.next_month import report_start_next_month
from reports.publishing import case_publish, report_publish
from reports.rendering import assemble
from reports.review import section_confirm
from reports.stale_figures import is_written_as, typed_numbers
from ror_portal.checklist import checklist
from ror_portal.roles import Role
from tests.factories import CaseFactory, SectionFactory, TermFactory
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory

NBSP, MINUS = "\xa0", "\u2212"
TERMS = "{{reports.glossary | Begreper i ordlisten}}"


@pytest.mark.parametrize(
    ("value", "unit", "style", "written"),
    [
        (Decimal("1938000.00"), "kr", "", f"1{NBSP}938{NBSP}000{NBSP}kr"),
        (Decimal("1938000.00"), "kr", "mill. kr", f"1,938{NBSP}mill.{NBSP}kr"),
        (Decimal("-3380000.00"), "kr", "mill. kr", f"{MINUS}3,38{NBSP}mill.{NBSP}kr"),
        (Decimal("-3380000.00"), "kr", "mill. kr uten fortegn", f"3,38{NBSP}mill.{NBSP}kr"),
        (Decimal("-70278.40"), "kr", "kr uten fortegn", f"70{NBSP}278{NBSP}kr"),
        (Decimal("-3380000.00"), "kr", "merforbruk/mindreforbruk", "mindreforbruk"),
        (Decimal("1938000.00"), "kr", "merforbruk/mindreforbruk", "merforbruk"),
        (Decimal("1.68"), "%", "", f"1,68{NBSP}%"),
        (Decimal("-1.68"), "%", "over/under", "under"),
        (Decimal("88.8"), "%", "", f"88,8{NBSP}%"),
        (Decimal("140"), "", "", "140"),
        (Decimal("129.8"), "", "", "129,8"),
        (Decimal("140"), "", "dd.mm.åå", None),  # a date's style does not fit a count
        (Decimal("140"), "", "mil", None),
    ],
)
def test_a_figure_is_written_as_the_reference_document_writes_it(value, unit, style, written):
    assert quote(Figure("budget.operating_result", "Sum – Avvik", value, unit), style) == written


@pytest.mark.parametrize(
    ("style", "written"),
    [("", "01.02.2024"), ("dd.mm.åå", "01.02.24"), ("måned", "februar"), ("år", "2024")],
)
def test_a_date_is_written_in_its_styles(style, written):
    assert quote(Figure("periode", "Tall per", datetime.date(2024, 2, 1)), style) == written


def test_a_reference_that_finds_no_figure_is_shown_as_such_and_reported():
    book = FigureBook([Figure("support.open_incidents", "Åpne feilmeldinger", Decimal(140))])
    text = (
        "Åpne: {{support.open_incidents | Åpne feilmeldinger}}; "
        "lukket: {{support.open_incidents | Lukkede feilmeldinger}}."
    )
    resolved, missing = book.resolve(text)
    assert resolved == (
        "Åpne: 140; lukket: [tallet finnes ikke: support.open_incidents | Lukkede feilmeldinger]."
    )
    assert missing == ["{{support.open_incidents | Lukkede feilmeldinger}}"]
    assert [r.label for r in references(text)] == ["Åpne feilmeldinger", "Lukkede feilmeldinger"]


@pytest.fixture
def glossary_report(db):
    """January 2024 with the glossary and a text quoting its number of terms."""
    report = SectionFactory(title="Definisjoner", block="reports.glossary").report
    SectionFactory(report=report, title="Om ordlisten", body=f"Ordlisten har {TERMS} begreper.")
    for term in ["AD", "SOC", "SIEM"]:
        TermFactory(term=term)
    return report


@pytest.mark.django_db
def test_the_copied_text_shows_the_new_months_figure_and_the_version_keeps_its_own(
    glossary_report, next_meeting, administrator
):
    january_version = report_publish(report=glossary_report, user=administrator, notify=False)
    assert "Ordlisten har 3 begreper." in january_version.html.open().read().decode()

    february = report_start_next_month(
        report=glossary_report, meeting=next_meeting, as_of=datetime.date(2024, 3, 1)
    )
    copied = february.sections.get(title="Om ordlisten")
    assert copied.body == f"Ordlisten har {TERMS} begreper."  # the reference goes along
    TermFactory(term="SOAR")
    assert "Ordlisten har 4 begreper." in str(_section_html(february, "Om ordlisten"))

    february_version = report_publish(report=february, user=administrator, notify=False)
    assert "Ordlisten har 4 begreper." in february_version.html.open().read().decode()
    # January's version was frozen with its figure.
    january_version.html.open()
    assert "Ordlisten har 3 begreper." in january_version.html.open().read().decode()


def _section_html(report: MonthlyReport, title: str):
    return next(s.body for s in assemble(report).sections if s.section.title == title)


@pytest.mark.django_db
def test_publishing_is_refused_naming_the_section_when_the_quoted_block_is_removed(
    glossary_report, administrator
):
    glossary_report.sections.filter(block="reports.glossary").update(block="")
    with pytest.raises(ValidationError) as refused:
        report_publish(report=glossary_report, user=administrator, notify=False)
    message = " ".join(refused.value.messages)
    assert "2 Om ordlisten: {{reports.glossary | Begreper i ordlisten}}" in message
    assert "Rapporten kan ikke publiseres" in message
    assert not glossary_report.versions.exists()
    assert "[tallet finnes ikke: reports.glossary | Begreper i ordlisten]" in str(
        _section_html(glossary_report, "Om ordlisten")
    )


@pytest.mark.django_db
def test_the_section_form_lists_the_reports_figures_with_their_values(glossary_report, client_for):
    section = glossary_report.sections.get(title="Definisjoner")
    response = client_for(Role.ADMINISTRATOR).get(
        reverse("admin:reports_section_change", args=[section.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tall fra rapporten" in html
    # the section's own block first, its value now, and the reference the picker inserts
    own = html.index("1 Definisjoner (denne seksjonen)")
    assert own < html.index("Rapportens datoer")
    assert f'<option value="{TERMS}">3</option>' in html
    assert '<option value="{{periode | Tall per | måned}}">februar</option>' in html


@pytest.mark.django_db
def test_the_preview_shows_the_figures_a_text_quotes(glossary_report, client_for):
    response = client_for(Role.ADMINISTRATOR).post(
        "/admin/reports/section/forhandsvis/",
        {
            "report": glossary_report.pk,
            "body": f"Ordlisten har {TERMS} begreper per {{{{periode | Tall per}}}}.",
            "body_after_block": "{{reports.glossary | Ord som ikke finnes}}",
        },
    )
    html = response.content.decode()
    assert "Ordlisten har 3 begreper per 01.02.2024." in html
    assert (
        "Teksten etter datablokken viser til tall som rapporten ikke har: "
        "{{reports.glossary | Ord som ikke finnes}}." in html
    )


@pytest.mark.django_db
def test_saving_a_text_that_quotes_a_missing_figure_says_so(glossary_report, client_for):
    section = glossary_report.sections.get(title="Om ordlisten")
    response = client_for(Role.ADMINISTRATOR).post(
        reverse("admin:reports_section_change", args=[section.pk]),
        {
            "title": section.title,
            "body": "Vi har {{reports.glossary | Begreper i ordboka}} begreper.",
            "block": "",
            "body_after_block": "",
        },
        follow=True,
    )
    assert "Teksten viser til tall som rapporten ikke har: " in response.content.decode()
    section.refresh_from_db()
    assert section.body == "Vi har {{reports.glossary | Begreper i ordboka}} begreper."


@pytest.mark.django_db
def test_a_typed_number_that_was_last_months_figure_and_changed_is_flagged(
    glossary_report, next_meeting, administrator
):
    glossary_report.sections.filter(block="reports.glossary").update(
        body="Ordlisten har 3 begreper. Den ble laget i 2019 av 2 personer."
    )
    report_publish(report=glossary_report, user=administrator, notify=False)
    february = report_start_next_month(
        report=glossary_report, meeting=next_meeting, as_of=datetime.date(2024, 3, 1)
    )
    assert [item.label for item in checklist(february.period)][-1] == (
        "Tekstene gjennomgått for denne måneden"
    )  # nothing changed yet: the typed 3 is still true

    TermFactory(term="SOAR")
    item = checklist(february.period)[-1]
    assert (item.label, item.ok) == ("Tall skrevet inn i kopierte tekster", False)
    assert item.detail == (
        "Et tall skrevet inn for hånd er endret siden forrige måned: 1 Definisjoner nevner 3; "
        "tallet (Begreper i ordlisten) var 3 i januar og er 4 nå."
    )
    section = february.sections.get(block="reports.glossary")
    section_confirm(section=section)
    assert "Tall skrevet inn i kopierte tekster" not in [
        i.label for i in checklist(february.period)
    ]


def test_typed_numbers_are_read_the_norwegian_way_and_references_are_not_typed():
    text = (
        "Avvik 1,938 mill. kr, 1 938 000 kr, 600.000 kr og 1,68% pr 01.02.24 i Q3; "
        "{{x.y | Sum | kr}} 140."
    )
    assert [(t.written, t.value, t.millions) for t in typed_numbers(text)] == [
        ("1,938", Decimal("1.938"), True),
        ("1 938 000", Decimal("1938000"), False),
        ("600.000", Decimal("600000"), False),
        ("1,68", Decimal("1.68"), False),
        ("140", Decimal("140"), False),
    ]


@pytest.mark.parametrize(
    ("typed", "figure", "stale"),
    [
        ("rundt 1,2 mill. kr", Figure("b", "Avvik", Decimal("1200000.00"), "kr"), True),
        ("rundt 1,2 mill. kr", Figure("b", "Avvik", Decimal("1249999.00"), "kr"), True),
        ("1 200 000 kr", Figure("b", "Avvik", Decimal("1200000.00"), "kr"), True),
        ("Grunnmur del 3", Figure("b", "Regnskap", Decimal("3420000.00"), "kr"), False),
        ("1,2 over", Figure("b", "Avvik %", Decimal("1.17"), "%"), False),
        ("1,17 % over", Figure("b", "Avvik %", Decimal("1.17"), "%"), True),
        ("88,8 %", Figure("b", "Medium – SLA OK", Decimal("88.8"), "%"), True),
        ("140 åpne", Figure("b", "Åpne feilmeldinger", Decimal("140"), ""), True),
    ],
)
def test_a_typed_number_is_a_figure_only_as_the_report_writes_it(typed, figure, stale):
    assert any(is_written_as(number, figure) for number in typed_numbers(typed)) is stale


@pytest.mark.django_db
def test_a_cases_proposal_quotes_its_case_documents_figure(client_for):
    from budget import demo as budget_demo
    from security import demo as security_demo

    budget_demo.load()
    security_demo.load()
    case = CaseFactory(
        number="2024/M1-004",
        document_block="security.case_document",
        proposed_decision="Økning av driftsrammen for 2024 med "
        "{{security.case_document | 2024: sum – Beløp | mill. kr}}.",
        published_at=timezone.now(),
    )
    html = client_for(Role.BOARD_MEMBER).get(case.meeting.get_absolute_url()).content.decode()
    assert f"Økning av driftsrammen for 2024 med 1,864{NBSP}mill.{NBSP}kr." in html.replace(
        "&nbsp;", NBSP
    )


@pytest.mark.django_db
def test_a_case_quoting_a_figure_it_does_not_have_is_not_published(administrator):
    case = CaseFactory(
        published_at=None,
        proposed_decision="Godkjenner {{security.case_document | 2024: sum – Beløp | kr}}.",
    )
    with pytest.raises(ValidationError) as refused:
        case_publish(case=case, user=administrator)
    assert "kan ikke publiseres" in refused.value.messages[0]
    case.refresh_from_db()
    assert case.published_at is None


@pytest.mark.django_db
def test_a_projects_status_is_a_figure_a_text_can_quote():
    project = BuildingProjectFactory(title="Nesset Kommunehus")
    StatusUpdateFactory(project=project, date=datetime.date(2024, 1, 29), status="postponed")
    report = SectionFactory(title="Byggprosjekter", block="projects.status_table").report
    SectionFactory(
        report=report,
        title="Om prosjektene",
        body="Nesset: {{projects.status_table | Nesset Kommunehus – Overordnet status}}.",
    )
    assembled = assemble(report)
    assert "Nesset: Utsatt." in str(_section_html(report, "Om prosjektene"))
    figure = assembled.figures.find_figure(
        "projects.status_table", "Nesset Kommunehus – Overordnet status"
    )
    assert figure is not None and figure.styles() == [""]
    # a comment is text, not a figure
    assert not [f for f in assembled.figures.figures if "Kommentar" in f.label]
