"""The admin's JavaScript speaks Norwegian too: the menu filter, the calendar
and the inlines' add links, as an administrator sees them in Chromium.

(The choosers for a user's groups and permissions are Norwegian as well, but
Django's widget fails axe-core there, so that page is not visited here; the
JavaScript catalogue that names them is tested in tests/ror_portal/test_translations_js.py.)"""

from playwright.sync_api import expect

from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.factories import PASSWORD, CaseFactory, TermFactory, UserFactory
from tests.ror_portal.untranslated import english_in, english_phrases, visible_text


def assert_norwegian(page) -> None:
    """No English string of the admin on the page as the browser has it now."""
    assert english_in(visible_text(page.content()), english_phrases()) == [], page.url


def test_the_admins_javascript_is_norwegian(page, transactional_db):
    UserFactory(username="admin", first_name="Anne", role=Role.ADMINISTRATOR)
    TermFactory(term="SOC", definition="Security Operations Center")
    case = CaseFactory()

    page.goto("/admin/reports/term/")
    accessible(page)
    log_in(page, "admin", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velg begrep du ønsker å endre")
    accessible(page)
    menu_filter = page.locator("#nav-filter")
    expect(menu_filter).to_have_attribute("placeholder", "Skriv for å filtrere …")
    expect(menu_filter).to_have_accessible_name("Filtrer menyen")
    menu_filter.fill("ordl")
    expect(page.locator("#nav-sidebar").get_by_role("link", name="Ordliste")).to_be_visible()
    expect(page.locator("#nav-sidebar").get_by_role("link", name="Kommuner")).to_be_hidden()
    assert_norwegian(page)

    page.get_by_role("link", name="Legg til nytt begrep").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Legg til nytt begrep")
    expect(page.get_by_role("button", name="Lagre og legg til nytt")).to_be_visible()
    accessible(page)
    assert_norwegian(page)

    page.goto("/admin/reports/boardmeeting/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Legg til nytt møte i samarbeidsrådet"
    )
    accessible(page)
    page.locator(".datetimeshortcuts a[id^=calendarlink]").first.click()
    calendar = page.locator(".calendarbox").first
    expect(calendar).to_be_visible()
    expect(calendar).to_contain_text("Avbryt")
    assert_norwegian(page)

    page.goto(f"/admin/reports/boardmeeting/{case.meeting.pk}/change/")
    expect(page.get_by_role("button", name="Legg til ny sak")).to_be_visible()
    accessible(page)
    assert_norwegian(page)

    # a case's page: two tabular inlines (decisions, attachments) with a new row each
    page.goto(f"/admin/reports/case/{case.pk}/change/")
    accessible(page)
    assert_norwegian(page)
