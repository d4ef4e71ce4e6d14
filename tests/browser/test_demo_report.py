import re
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import accessible
from tests.browser.test_login_journey import log_in


def test_a_board_member_reads_the_demo_report_with_its_charts(page):
    output = StringIO()
    call_command("demo", stdout=output)
    password = re.search(r"username: styremedlem\s+password: (\S+)", output.getvalue()).group(1)

    page.goto("/")
    accessible(page)
    log_in(page, "styremedlem", password)
    accessible(page)
    page.get_by_role("link", name="Månedsrapport januar 2024").click()
    expect(
        page.get_by_role("heading", name="2.1.2.6 Overholdelse av tjenestenivåavtalen – SLA")
    ).to_be_visible()
    assert page.locator("svg[role=img]").count() >= 6
    expect(page.get_by_role("cell", name="1 938 000 kr").first).to_be_visible()
    accessible(page)
