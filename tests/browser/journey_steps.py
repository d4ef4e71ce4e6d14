"""Steps through the admin that the long browser journeys share, with axe-core's check
that keeps every page's violations and lets the journey go on."""

from playwright.sync_api import expect

from tests.browser.conftest import accessible as axe_check

AXE_FAILURES: list[str] = []


def accessible(page) -> None:
    """conftest's axe-core check; a violation is kept and the journey goes on, so that one
    run names every page that fails. The test fails at the end if any did."""
    try:
        axe_check(page)
    except AssertionError as error:
        page.checked_urls.add(page.url)
        title = page.title()
        AXE_FAILURES.append(f"{page.url} ({title}):\n{error}")


def admin_home(page) -> None:
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    accessible(page)


def open_admin_list(page, name: str, app_class: str | None = None) -> None:
    admin_home(page)
    scope = page.locator(f".app-{app_class}") if app_class else page.locator("#content-main")
    # The model's row, not the app's caption (Byggeprosjekter is both).
    scope.locator("th[scope=row]").get_by_role("link", name=name, exact=True).click()
    accessible(page)


def copy_budget_lines(page) -> None:
    open_admin_list(page, "Budsjettposter")
    page.locator("#changelist-filter").get_by_role("link", name="2023", exact=True).click()
    accessible(page)
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Kopier valgte poster til neste år")
    page.get_by_role("button", name="Gå").click()
    expect(page.get_by_role("caption").filter(has_text="Poster som kopieres")).to_be_visible()
    accessible(page)
    page.get_by_label("endring (%)").fill("2,5")
    page.get_by_role("button", name="Kopier postene").click()
    expect(page.locator(".messagelist")).to_contain_text("14")
    accessible(page)


def start_month(page, *, month: str, number: str, date: str, place: str, as_of: str) -> None:
    """Månedsrapporter → Start neste måned, the meeting made in the same form."""
    open_admin_list(page, "Månedsrapporter")
    page.get_by_role("link", name="Start neste måned").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Start {month}")
    expect(page.get_by_label("nummer på det nye møtet")).to_have_value(number)
    expect(page.get_by_label("Tall per")).to_have_value(as_of)
    accessible(page)
    page.get_by_label("dato for det nye møtet").fill(date)
    page.get_by_label("sted for det nye møtet").fill(place)
    page.get_by_role("button", name=f"Start {month}").click()
    expect(page.get_by_text(f"Månedsrapport {month} er laget som utkast.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sjekkliste")).to_be_visible()
    accessible(page)
