"""An administrator sets the week's project statuses for a chosen date, in Chromium."""

import datetime

import pytest
from playwright.sync_api import expect

from projects.models import StatusUpdate
from ror_portal.models import Municipality
from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, BoardMeetingFactory, MonthlyReportFactory, UserFactory
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory

D = datetime.date
WEEK_8 = D(2024, 2, 23)
GRID = "/admin/projects/buildingproject/ukens-status/"
TITLES = [
    "WiFi i kommunale bygg",
    "Gamle Hjelset barnehage",
    "Nesset Kommunehus",
    "Familiens Hus Eide",
    "Bergmo Skole",
    "Aukra sjukeheim",
]


@pytest.fixture
def projects(transactional_db):
    molde = Municipality.objects.get(slug="molde")
    projects = {
        title: BuildingProjectFactory(title=title, order=n, municipality=molde if n % 2 else None)
        for n, title in enumerate(TITLES)
    }
    for project in projects.values():
        # Two lines: sent back by the browser with CRLF, still the same comment.
        comment = f"Uke 7, linje 1\nlinje 2 for {project.title}"
        StatusUpdateFactory(project=project, date=D(2024, 2, 16), status="on_plan", comment=comment)
    # The draft report of February 2024, figures as of 01.03.2024: the page starts there.
    MonthlyReportFactory(
        month=D(2024, 2, 1), as_of=D(2024, 3, 1), meeting=BoardMeetingFactory(number="2024/M3")
    )
    UserFactory(username="admin", first_name="Anne", role=Role.ADMINISTRATOR)
    return projects


def open_grid(page):
    page.goto(GRID)
    accessible(page)
    log_in(page, "admin", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer ukens statusoppdateringer")
    accessible(page)


def type_date(page, day: datetime.date) -> None:
    """Typed on the keyboard into Chromium's date field, as a person types it. The
    field orders day and month by Chromium's own interface language (dd.mm.åååå in
    Norwegian, mm/dd/åååå in the default English), not by the page's locale."""
    field = page.get_by_label("Dato for oppdateringene")
    for order in ("%d%m%Y", "%m%d%Y"):
        field.blur()  # focused again, the field starts at its first part
        field.press_sequentially(day.strftime(order))
        if field.input_value() == day.isoformat():
            return
    raise AssertionError(f"Chromium's date field took neither order of {day}")


def edit_two_rows(page):
    page.get_by_label("Gamle Hjelset barnehage: overordnet status").select_option(label="Utsatt")
    page.get_by_label("Gamle Hjelset barnehage: kommentar").fill(
        "Anbudet er avlyst.\nNy utlysning i mars."
    )
    page.get_by_label("Bergmo Skole: overordnet status").select_option(label="Mindre forsinkelser")


def assert_two_rows_of_week_8():
    saved = StatusUpdate.objects.filter(date=WEEK_8).order_by("project__order")
    assert [(u.project.title, u.status, u.comment) for u in saved] == [
        ("Gamle Hjelset barnehage", "postponed", "Anbudet er avlyst.\nNy utlysning i mars."),
        ("Bergmo Skole", "minor_delays", "Uke 7, linje 1\nlinje 2 for Bergmo Skole"),
    ]
    assert StatusUpdate.objects.count() == len(TITLES) + 2
    assert not StatusUpdate.objects.exclude(date__in=[D(2024, 2, 16), WEEK_8]).exists()


def assert_page_shows_week_8(page):
    expect(
        page.get_by_role("heading", name="Statusoppdateringer for 23.02.2024 (uke 8)")
    ).to_be_visible()
    expect(page.get_by_label("Dato for oppdateringene")).to_have_value("2024-02-23")
    hjelset = page.get_by_role("row", name="Gamle Hjelset barnehage")
    expect(hjelset.get_by_role("cell", name="23.02.2024 (Utsatt)")).to_be_visible()
    expect(page.get_by_label("Gamle Hjelset barnehage: overordnet status")).to_have_value(
        "postponed"
    )
    expect(page.get_by_label("Gamle Hjelset barnehage: kommentar")).to_have_value(
        "Anbudet er avlyst.\nNy utlysning i mars."
    )
    expect(page.get_by_label("Bergmo Skole: overordnet status")).to_have_value("minor_delays")
    nesset = page.get_by_role("row", name="Nesset Kommunehus")
    expect(nesset.get_by_role("cell", name="16.02.2024 (På plan)")).to_be_visible()


def test_a_date_typed_and_saved_at_once_is_the_date_of_the_two_changed_rows(page, projects):
    """The bug as found: choosing 23.02.2024, editing two projects and saving stored
    today's date for every project."""
    open_grid(page)
    expect(
        page.get_by_role("heading", name="Statusoppdateringer for 01.03.2024 (uke 9)")
    ).to_be_visible()
    expect(page.get_by_label("Dato for oppdateringene")).to_have_value("2024-03-01")
    expect(
        page.get_by_text("«tall per»-datoen i utkastet til rapport (01.03.2024, møte 2024/M3)")
    ).to_be_visible()

    type_date(page, WEEK_8)
    edit_two_rows(page)
    page.get_by_role("button", name="Lagre").click()
    expect(
        page.get_by_text("Statusoppdateringer for 23.02.2024 (uke 8) er lagret for 2 prosjekter.")
    ).to_be_visible()
    accessible(page)
    assert_two_rows_of_week_8()
    assert_page_shows_week_8(page)

    # Reopened and saved as it is: nothing more is written.
    page.goto(f"{GRID}?date=2024-02-23")
    assert_page_shows_week_8(page)
    accessible(page)
    page.get_by_role("button", name="Lagre").click()
    expect(
        page.get_by_text(
            "Ingen status eller kommentar er endret; statusene for 23.02.2024 (uke 8) er "
            "registrert som gjennomgått."
        )
    ).to_be_visible()
    accessible(page)
    assert_two_rows_of_week_8()


def test_a_date_picked_and_shown_first_then_two_rows_saved(page, projects):
    open_grid(page)
    page.get_by_label("Dato for oppdateringene").fill("2024-02-23")
    page.get_by_role("button", name="Vis prosjektene").click()
    expect(
        page.get_by_role("heading", name="Statusoppdateringer for 23.02.2024 (uke 8)")
    ).to_be_visible()
    accessible(page)

    edit_two_rows(page)
    page.get_by_role("button", name="Lagre").click()
    expect(
        page.get_by_text("Statusoppdateringer for 23.02.2024 (uke 8) er lagret for 2 prosjekter.")
    ).to_be_visible()
    accessible(page)
    assert_two_rows_of_week_8()
    assert_page_shows_week_8(page)


def test_a_bad_row_is_named_in_norwegian_and_nothing_is_saved(page, projects):
    open_grid(page)
    page.get_by_label("Dato for oppdateringene").fill("2024-02-23")
    page.get_by_label("Nesset Kommunehus: overordnet status").select_option(label="Utsatt")
    page.get_by_label("Aukra sjukeheim: overordnet status").select_option(label="---------")
    page.get_by_label("Aukra sjukeheim: kommentar").fill("Venter på svar.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Rett feilene nedenfor. Ingenting er lagret.")).to_be_visible()
    expect(
        page.get_by_role("listitem").filter(
            has_text="Aukra sjukeheim: Velg en status for kommentaren, eller fjern den."
        )
    ).to_be_visible()
    accessible(page)
    assert not StatusUpdate.objects.filter(date=WEEK_8).exists()
    # What was typed is still there, and so is the date chosen.
    expect(page.get_by_label("Aukra sjukeheim: kommentar")).to_have_value("Venter på svar.")
    expect(page.get_by_label("Dato for oppdateringene")).to_have_value("2024-02-23")
