import dataclasses
import datetime
import re

import pytest
from django.urls import reverse

from reports.models import BoardMeeting, MonthlyReport, ReportVersion, Section
from reports.next_month import report_copy_to_next_month
from ror_portal import blocks
from ror_portal.roles import Role
from tests.factories import BoardMeetingFactory, SectionFactory


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
        {"next_version": "1"},
        follow=True,
    )
    assert "Versjon 1 av Månedsrapport januar 2024 er publisert." in response.content.decode()
    assert ReportVersion.objects.get().report == report_with_glossary


def test_publishing_a_report_without_sections_says_why(admin_client, report_with_glossary):
    report_with_glossary.sections.all().delete()
    response = admin_client.post(
        reverse("admin:reports_monthlyreport_publish", args=[report_with_glossary.pk]),
        {"next_version": "1"},
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


NEXT_MONTH_URL = "/admin/reports/monthlyreport/neste-maned/"


def start_form(**changes) -> dict:
    data = {"meeting": "", "number": "2024/M2", "date": "13.03.2024", "place": "Molde",
            "as_of": "01.03.2024"}  # fmt: skip
    return {**data, **changes}


def test_the_report_list_offers_to_start_next_month(admin_client, report_with_glossary):
    html = admin_client.get(reverse("admin:reports_monthlyreport_changelist")).content.decode()
    assert f'href="{NEXT_MONTH_URL}"' in html and "Start neste måned" in html


def test_the_start_form_is_filled_in_sensibly(admin_client, report_with_glossary):
    BoardMeetingFactory(number="2023/M9", date=datetime.date(2023, 12, 13))
    html = admin_client.get(NEXT_MONTH_URL).content.decode()
    assert "Start februar 2024" in html
    assert 'name="number" value="2024/M2"' in html
    assert 'name="as_of" value="01.03.2024"' in html
    date_input = re.search(r'<input[^>]*name="date"[^>]*>', html).group(0)
    assert "value=" not in date_input
    # Neither January's meeting (2024/M1, 14.02.2024, which has its report) nor an
    # earlier one is offered; a meeting to come without a report is.
    BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13))
    html = admin_client.get(NEXT_MONTH_URL).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', html)
    assert [label for _value, label in options] == [
        "– et nytt møte (fyll ut under) –",
        "2024/M2 (13.03.2024)",
    ]


def test_starting_february_with_a_new_meeting_opens_its_contents(
    admin_client, report_with_glossary
):
    response = admin_client.post(NEXT_MONTH_URL, {**start_form(), "starts_at": "09:30"})
    february = MonthlyReport.objects.get(month=datetime.date(2024, 2, 1))
    assert response["Location"] == content_url(february)
    meeting = february.meeting
    assert (meeting.number, meeting.date, meeting.starts_at, meeting.place) == (
        "2024/M2",
        datetime.date(2024, 3, 13),
        datetime.time(9, 30),
        "Molde",
    )
    # The new meeting's agenda starts with the standing cases, the report's among them.
    assert meeting.cases.get(standing="monthly_report").title == "Månedsrapport februar 2024"
    assert february.as_of == datetime.date(2024, 3, 1)
    copied = {
        (s.title, s.parent.title if s.parent else None, s.block, s.body)
        for s in february.sections.all()
    }
    original = {
        (s.title, s.parent.title if s.parent else None, s.block, s.body)
        for s in report_with_glossary.sections.all()
    }
    assert copied == original
    html = admin_client.get(content_url(february)).content.decode()
    assert "Månedsrapport februar 2024 er laget som utkast." in html
    assert html.count("Uendret siden forrige måned") == 3


def test_starting_with_an_existing_meeting(admin_client, report_with_glossary, next_meeting):
    admin_client.post(NEXT_MONTH_URL, start_form(meeting=next_meeting.pk, number="", date=""))
    february = MonthlyReport.objects.get(month=datetime.date(2024, 2, 1))
    assert february.meeting == next_meeting
    assert BoardMeeting.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "told"),
    [
        (
            {"number": "", "date": ""},
            [
                "Fyll ut nummer på det nye møtet, eller velg et møte over.",
                "Fyll ut dato for det nye møtet, eller velg et møte over.",
            ],
        ),
        (
            {"date": "30.02.2024", "as_of": "1.13.2024"},  # days that do not exist
            [
                "30.02.2024 finnes ikke: februar 2024 har 29 dager.",
                "1.13.2024 finnes ikke: det er ingen måned 13.",
            ],
        ),
        (
            {"number": "2024/M1"},  # January's meeting
            [
                "Det finnes allerede et møte med nummer 2024/M1: velg det over, eller gi det "
                "nye møtet et annet nummer."
            ],
        ),
        (
            {"date": "15.03.2024", "as_of": "01.04.2024"},
            [
                "Tallene er per 01.04.2024, etter møtet 15.03.2024: tallene legges fram i et "
                "møte etter dagen de står per."
            ],
        ),
    ],
)
def test_a_refused_start_says_why_and_saves_nothing(
    admin_client, report_with_glossary, changes, told
):
    response = admin_client.post(NEXT_MONTH_URL, start_form(**changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert all(message in html for message in told)
    assert MonthlyReport.objects.count() == 1 and BoardMeeting.objects.count() == 1


def test_a_taken_meeting_number_or_an_early_date_is_refused(admin_client, report_with_glossary):
    html = admin_client.post(NEXT_MONTH_URL, start_form(number="2024/M1")).content.decode()
    assert "finnes allerede" in html
    html = admin_client.post(NEXT_MONTH_URL, start_form(date="31.01.2024")).content.decode()
    assert "Møtet er før måneden rapporten gjelder." in html
    assert MonthlyReport.objects.count() == 1 and BoardMeeting.objects.count() == 1


def test_a_still_true_section_loses_its_flag(admin_client, report_with_glossary, next_meeting):
    february = report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    section = february.sections.get(title="Driftsresultat")
    response = admin_client.post(
        reverse("admin:reports_monthlyreport_confirm_section", args=[february.pk, section.pk]),
        follow=True,
    )
    html = response.content.decode()
    assert "«Driftsresultat» er bekreftet som fortsatt riktig." in html
    assert html.count("Uendret siden forrige måned") == 2
    section.refresh_from_db()
    assert not section.unchanged_since_copy


def test_editing_a_copied_text_in_the_admin_clears_its_flag(
    admin_client, report_with_glossary, next_meeting
):
    february = report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    section = february.sections.get(title="Driftsresultat")
    data = {"parent": section.parent_id, "title": section.title, "block": "",
            "body_after_block": ""}  # fmt: skip
    admin_client.post(
        reverse("admin:reports_section_change", args=[section.pk]),
        {**data, "body": section.body},
    )
    section.refresh_from_db()
    assert section.unchanged_since_copy  # saved unchanged: still last month's text
    admin_client.post(
        reverse("admin:reports_section_change", args=[section.pk]),
        {**data, "body": "Merforbruk på 1,5 mill. kr."},
    )
    section.refresh_from_db()
    assert not section.unchanged_since_copy


def test_the_content_page_has_no_old_next_month_form(admin_client, report_with_glossary):
    html = admin_client.get(content_url(report_with_glossary)).content.decode()
    assert "Lag neste måneds rapport" not in html
    assert f'href="{NEXT_MONTH_URL}"' in html


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


def test_the_monthly_cycle_pages_are_valid_html(admin_client, report_with_glossary, next_meeting):
    from tests.html_validator import html_errors

    february = report_copy_to_next_month(report=report_with_glossary, meeting=next_meeting)
    section = february.sections.get(title="Driftsresultat")
    pages = {
        "report list": admin_client.get(reverse("admin:reports_monthlyreport_changelist")),
        "start form": admin_client.get(NEXT_MONTH_URL),
        "start form with errors": admin_client.post(NEXT_MONTH_URL, start_form(date="")),
        "contents": admin_client.get(content_url(february)),
        "publish confirmation": admin_client.get(
            reverse("admin:reports_monthlyreport_publish", args=[february.pk])
        ),
        "section form": admin_client.get(
            reverse("admin:reports_section_change", args=[section.pk])
        ),
    }
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(
        pages, 200
    )
    html = {name: response.content.decode() for name, response in pages.items()}
    assert html_errors(html) == []


def test_a_publish_request_without_the_confirmation_publishes_nothing(
    admin_client, report_with_glossary
):
    url = reverse("admin:reports_monthlyreport_publish", args=[report_with_glossary.pk])
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Sjekk hva som blir publisert, og bekreft på denne siden." in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_the_content_page_runs_no_block_and_names_an_unknown_one(
    admin_client, report_with_glossary, monkeypatch
):
    ran = []
    glossary = dataclasses.replace(
        blocks.get_block("reports.glossary"), function=lambda period: ran.append(period)
    )
    monkeypatch.setitem(blocks._registry, "reports.glossary", glossary)
    html = admin_client.get(content_url(report_with_glossary)).content.decode()
    assert ran == []  # the figures are made by the preview and by publishing, not here
    assert 'value="Publiser …"' in html

    # A name nothing provides (a block app removed since) is said without running anything.
    Section.objects.filter(report=report_with_glossary).update(block="gone.block")
    html = admin_client.get(content_url(report_with_glossary)).content.decode()
    assert "Rapporten kan ikke publiseres" in html and "gone.block" in html
    assert 'value="Publiser …"' not in html


def test_a_chosen_meeting_before_the_figures_date_is_refused(
    admin_client, report_with_glossary, next_meeting
):
    form = start_form(meeting=str(next_meeting.pk), as_of="14.03.2024")  # meeting 13.03.2024
    html = admin_client.post(NEXT_MONTH_URL, form).content.decode()
    assert "Tallene er per 14.03.2024, etter møtet 13.03.2024" in html
    assert MonthlyReport.objects.count() == 1


def test_the_error_note_counts_the_errors(admin_client, report_with_glossary):
    one = admin_client.post(NEXT_MONTH_URL, start_form(date="30.02.2024")).content.decode()
    assert "Rett feilen nedenfor." in one
    two = admin_client.post(NEXT_MONTH_URL, start_form(number="", date="")).content.decode()
    assert "Rett feilene nedenfor." in two


def test_the_start_forms_labels_are_capitalised_as_the_admins_own(
    admin_client, report_with_glossary
):
    html = admin_client.get(NEXT_MONTH_URL).content.decode()
    assert '<label for="id_as_of">Tall per:</label>' in html
    assert '<label for="id_number">Nummer på det nye møtet:</label>' in html
    # the message still names the field inside its sentence, in lower case
    html = admin_client.post(NEXT_MONTH_URL, start_form(number="")).content.decode()
    assert "Fyll ut nummer på det nye møtet, eller velg et møte over." in html
