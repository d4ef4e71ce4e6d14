"""The monthly cycle's first and last steps in the admin, as an administrator does them:
start February 2024 from January with a new meeting typed in, check the texts, publish
with a change note. Every page passes axe-core, also at a phone's width."""

import datetime

import pytest
from playwright.sync_api import expect

from reports.models import MonthlyReport, ReportVersion
from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import (
    PASSWORD,
    BoardMeetingFactory,
    MonthlyReportFactory,
    SectionFactory,
    UserFactory,
)


@pytest.fixture
def january(transactional_db):
    report = MonthlyReportFactory(
        month=datetime.date(2024, 1, 1),
        as_of=datetime.date(2024, 2, 1),
        meeting=BoardMeetingFactory(number="2024/M1", date=datetime.date(2024, 2, 14)),
    )
    support = SectionFactory(report=report, title="Brukerstøtte", body="140 åpne feilmeldinger.")
    SectionFactory(report=report, parent=support, title="Kritiske saker", body="Ingen.")
    SectionFactory(
        report=report, title="Definisjoner og begreper", body="", block="reports.glossary"
    )
    UserFactory(username="admin", first_name="Anne", role=Role.ADMINISTRATOR)
    UserFactory(username="styre", first_name="Bjørn", last_name="Berg", role=Role.BOARD_MEMBER)
    return report


def test_start_february_check_a_text_and_publish_with_a_change_note(page, january):
    page.goto("/admin/reports/monthlyreport/")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    expect(page.get_by_role("heading", name="Velg månedsrapport du ønsker å endre")).to_be_visible()
    accessible(page)

    page.get_by_role("link", name="Start neste måned").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start februar 2024")
    expect(page.get_by_label("nummer på det nye møtet")).to_have_value("2024/M2")
    expect(page.get_by_label("Tall per")).to_have_value("01.03.2024")
    expect(page.get_by_label("dato for det nye møtet")).to_have_value("")
    # as the eye reads it (innerText): a space after the colon
    month = page.locator(".form-row", has_text="Måned rapporten gjelder")
    assert month.inner_text() == "Måned rapporten gjelder: februar 2024"
    accessible(page)

    # A date before the month is refused, and nothing is saved.
    page.get_by_label("dato for det nye møtet").fill("31.01.2024")
    page.get_by_role("button", name="Start februar 2024").click()
    expect(page.get_by_text("Møtet er før måneden rapporten gjelder.")).to_be_visible()
    accessible(page)
    assert MonthlyReport.objects.count() == 1

    page.get_by_label("dato for det nye møtet").fill("13.03.2024")
    page.get_by_label("sted for det nye møtet").fill("Rådhuset, Molde")
    page.get_by_role("button", name="Start februar 2024").click()
    expect(page.get_by_text("Månedsrapport februar 2024 er laget som utkast.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Månedsrapport februar 2024")
    checklist = page.locator(".report-checklist")
    expect(checklist).to_contain_text("Regnskapstall for januar 2024")
    expect(checklist).to_contain_text("Saker importert fram til 01.03.2024")
    expect(checklist).to_contain_text("Prosjektstatus for uke 9")
    expect(checklist).to_contain_text(
        "2 seksjoner har forrige måneds tekst: 1 Brukerstøtte, 1.1 Kritiske saker."
    )
    expect(page.get_by_text("Uendret siden forrige måned")).to_have_count(2)
    accessible(page)

    # At a phone's width the page still fits and passes.
    page.set_viewport_size({"width": 375, "height": 800})
    accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Fortsatt riktig: Kritiske saker").click()
    expect(page.get_by_text("«Kritiske saker» er bekreftet som fortsatt riktig.")).to_be_visible()
    expect(page.get_by_text("Uendret siden forrige måned")).to_have_count(1)
    expect(checklist).to_contain_text("1 seksjon har forrige måneds tekst: 1 Brukerstøtte.")
    accessible(page)

    page.get_by_role("button", name="Publiser …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publiser Månedsrapport februar 2024")
    expect(page.get_by_role("cell", name="Bjørn Berg")).to_be_visible()
    expect(page.get_by_role("cell", name="styre@example.no")).to_be_visible()
    expect(page.get_by_text("1 seksjon har forrige måneds tekst: 1 Brukerstøtte.")).to_be_visible()
    accessible(page)
    assert not ReportVersion.objects.exists()  # looking is not publishing

    page.get_by_label("Endringsnotat").fill("Første utgave for februar.")
    page.get_by_role("button", name="Publiser versjon 1").click()
    expect(
        page.get_by_text("Versjon 1 av Månedsrapport februar 2024 er publisert.")
    ).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Tilbake til rapporten").click()
    expect(page.get_by_text("Første utgave for februar.")).to_be_visible()
    accessible(page)

    february = MonthlyReport.objects.get(month=datetime.date(2024, 2, 1))
    assert (february.meeting.number, february.meeting.date, february.meeting.place) == (
        "2024/M2",
        datetime.date(2024, 3, 13),
        "Rådhuset, Molde",
    )
    assert february.as_of == datetime.date(2024, 3, 1)
    assert february.versions.get().change_note == "Første utgave for februar."


def test_the_section_editor_previews_and_says_what_was_removed(page, january):
    section = january.sections.get(title="Brukerstøtte")
    page.goto(f"/admin/reports/section/{section.pk}/change/")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    accessible(page)

    page.get_by_role("textbox", name="Tekst:", exact=True).fill(
        "**143 åpne** feilmeldinger. <script>alert(1)</script> ![graf](https://x.no/g.png)"
    )
    page.get_by_role("button", name="Forhåndsvis").click()
    preview = page.locator("#markdown-preview")
    expect(preview.locator("strong")).to_have_text("143 åpne")
    expect(preview).to_contain_text("Fjernet fra teksten: <script>, 1 bilde")
    accessible(page)

    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Fjernet fra teksten: <script>, 1 bilde")).to_be_visible()
    accessible(page)
