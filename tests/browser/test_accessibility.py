"""Every kind of page passes axe-core, and the portal works with the keyboard alone."""

import datetime

import pytest
from playwright.sync_api import expect

from ror_portal.roles import Role
from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in
from tests.budget.publishing import publish_accounts
from tests.factories import (
    PASSWORD,
    CaseFactory,
    MonthlyReportFactory,
    SectionFactory,
    TermFactory,
    UserFactory,
)


@pytest.fixture
def board_member(transactional_db):
    return UserFactory(username="styre", first_name="Bjørn", role=Role.BOARD_MEMBER)


@pytest.fixture
def published_report(transactional_db):
    """January 2024, published by an administrator, with a case at its meeting."""
    from reports.publishing import report_publish

    administrator = UserFactory(username="admin", first_name="Anne", role=Role.ADMINISTRATOR)
    report = MonthlyReportFactory(month=datetime.date(2024, 1, 1))
    accounts = SectionFactory(report=report, title="Regnskap 2023", body="Innledning.")
    SectionFactory(
        report=report, parent=accounts, title="Driftsresultat", body="Merforbruk på 1,938 mill. kr."
    )
    SectionFactory(report=report, title="Definisjoner og begreper", block="reports.glossary")
    TermFactory(term="SOC", definition="Security Operations Center")
    CaseFactory(meeting=report.meeting, number="2024/M1-004", title="Sikkerhetspartner")
    report_publish(report=report, user=administrator)
    return report


def focused(page) -> dict:
    """What has focus: its tag, id, name, text, and whether an outline shows."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                id: element.id,
                name: element.getAttribute("name"),
                text: element.textContent.trim(),
                outline: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth),
            };
        }"""
    )


def tab_to(page, matches, *, most: int = 20) -> dict:
    """Press Tab until the focused element matches, and return it; fail naming the path."""
    path = []
    for _ in range(most):
        page.keyboard.press("Tab")
        now = focused(page)
        path.append(now["text"] or now["name"] or now["tag"])
        if matches(now):
            return now
    pytest.fail(f"Tab never reached the element; focus went through {path}")


def assert_focus_visible(element: dict) -> None:
    assert element["outline"] != "none" and element["outlineWidth"] > 0, element


def test_the_error_pages_are_norwegian_and_accessible(page, board_member):
    page.goto("/")
    accessible(page)
    log_in(page, "styre", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Bjørn")
    accessible(page)

    response = page.goto("/admin/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har ikke tilgang til denne siden")
    accessible(page)

    response = page.goto("/finnes-ikke/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Vi finner ikke siden")
    accessible(page)


def test_the_500_page_is_norwegian_and_accessible(page, settings):
    settings.ROOT_URLCONF = "tests.browser.error_urls"
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False

    response = page.goto("/feil-500/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Noe gikk galt")
    accessible(page)


def test_the_case_page_is_accessible(page, board_member, published_report):
    page.goto("/saker/2024-M1-004/")
    accessible(page)
    log_in(page, "styre", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("2024/M1-004 Sikkerhetspartner")
    accessible(page)


def test_the_finance_page_is_accessible(page):
    from budget import demo

    demo.load()
    publish_accounts(2023, 12)  # the January 2024 report: finance sees published periods
    UserFactory(username="okonomi", first_name="Frida", role=Role.FINANCE)

    page.goto("/okonomi/")
    accessible(page)
    log_in(page, "okonomi", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kostnadsfordeling mellom kommunene")
    expect(page.get_by_role("table", name="Drift")).to_be_visible()
    accessible(page)


def test_the_first_tab_on_the_login_page_focuses_the_skip_link(page):
    page.goto("/logg-inn/")
    accessible(page)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Hopp til hovedinnholdet"


def test_the_skip_link_moves_focus_to_the_main_content(page, board_member, published_report):
    page.goto("/")
    accessible(page)
    log_in(page, "styre", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Bjørn")
    accessible(page)

    page.keyboard.press("Tab")
    skip_link = focused(page)
    assert skip_link["text"] == "Hopp til hovedinnholdet"
    assert_focus_visible(skip_link)
    expect(page.get_by_role("link", name="Hopp til hovedinnholdet")).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url("/#main")
    assert focused(page)["id"] == "main"
    accessible(page)
    # The next Tab goes on from the main content, past the header's menu.
    page.keyboard.press("Tab")
    assert focused(page)["text"].endswith("2024/M1, 14.02.2024")


def test_keyboard_only_login_report_and_pdf_download(page, board_member, published_report):
    page.goto("/")
    expect(page).to_have_url("/logg-inn/?next=/")
    accessible(page)

    # Nothing has focus at first (no autofocus): the first Tab reaches the skip link.
    page.keyboard.press("Tab")
    skip_link = focused(page)
    assert skip_link["text"] == "Hopp til hovedinnholdet"
    assert_focus_visible(skip_link)
    page.keyboard.press("Enter")
    expect(page).to_have_url("/logg-inn/?next=/#main")
    assert focused(page)["id"] == "main"
    accessible(page)

    username = tab_to(page, lambda element: element["name"] == "username", most=1)
    assert_focus_visible(username)
    page.keyboard.type("styre")
    page.keyboard.press("Tab")
    password = focused(page)
    assert password["name"] == "password"
    assert_focus_visible(password)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Bjørn")
    accessible(page)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Hopp til hovedinnholdet"
    report_link = tab_to(page, lambda element: element["text"] == "Månedsrapport januar 2024")
    assert report_link["tag"] == "a"
    assert_focus_visible(report_link)
    # Shift+Tab goes back to the meeting's link, Tab forward to the report again.
    page.keyboard.press("Shift+Tab")
    assert focused(page)["text"].endswith("2024/M1, 14.02.2024")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Månedsrapport januar 2024"
    page.keyboard.press("Enter")

    expect(
        page.get_by_role("heading", level=1, name="Månedsrapport for januar 2024")
    ).to_be_visible()
    accessible(page)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Hopp til hovedinnholdet"
    pdf_link = tab_to(page, lambda element: element["text"] == "Last ned PDF")
    assert pdf_link["tag"] == "a"
    assert_focus_visible(pdf_link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "ror-ikt-manedsrapport-2024-01.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_accessibility_statement_is_accessible_without_logging_in(page):
    page.goto("/tilgjengelighet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighetserklæring")
    accessible(page)


def test_the_changes_page_is_accessible(page, board_member, published_report):
    """From the report to what changed: February beside January, and its version 2."""
    from reports.models import BoardMeeting
    from reports.next_month import report_copy_to_next_month
    from reports.publishing import report_publish

    administrator = published_report.versions.get().published_by
    meeting = BoardMeeting.objects.create(number="2024/M2", date=datetime.date(2024, 3, 13))
    february = report_copy_to_next_month(report=published_report, meeting=meeting)
    report_publish(report=february, user=administrator, notify=False)
    february.sections.filter(title="Driftsresultat").update(body="Merforbruk på 2 mill. kr.")
    TermFactory(term="AD", definition="Active Directory")
    report_publish(report=february, user=administrator, notify=False)

    page.goto("/rapporter/2024-02/")
    accessible(page)
    log_in(page, "styre", PASSWORD)
    accessible(page)
    page.get_by_role("link", name="Endringer siden forrige rapport").click()
    expect(
        page.get_by_role("heading", level=2, name="Endringer siden forrige rapport")
    ).to_be_visible()
    expect(page.get_by_role("row", name="Begreper i ordlisten 1 2 +1")).to_be_visible()
    expect(page.get_by_text("Merforbruk på 2 mill. kr.")).to_be_visible()
    accessible(page)
