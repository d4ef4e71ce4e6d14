import datetime

import pytest
from django.urls import reverse

from reports.next_month import report_start_next_month
from reports.publishing import report_publish
from ror_portal.roles import Role
from tests.factories import SectionFactory
from tests.html_validator import html_errors
from tests.ror_portal.portal_urls import PORTAL_URLS

pytestmark = pytest.mark.database_independent


@pytest.mark.django_db
def test_every_page_is_valid_html(client_for):
    pages = {}
    for name, kwargs, method, by_role in PORTAL_URLS:
        for role, expected in by_role.items():
            response = getattr(client_for(role), method)(reverse(name, kwargs=kwargs))
            if expected == 200 and response["Content-Type"].startswith("text/html"):
                pages[f"{method} {name} {kwargs} as {role or 'anonymous'}"] = (
                    response.content.decode()
                )
    client = client_for(Role.BOARD_MEMBER)
    pages["404"] = client.get("/finnes-ikke/").content.decode()
    pages["403"] = client.get(reverse("admin:index")).content.decode()
    pages["login with errors"] = (
        client_for(None).post(reverse("login"), {"username": "x"}).content.decode()
    )
    assert len(pages) > 40
    assert html_errors(pages) == []


@pytest.mark.django_db
def test_a_real_report_and_its_admin_pages_are_valid_html(
    client_for, report_with_glossary, administrator, next_meeting
):
    from budget import demo
    from support import demo as support_demo

    demo.load()
    support_demo.load()
    for block in [
        "budget.operating_result",
        "budget.investment_result",
        "support.by_category",
        "support.open_total",
        "support.sla_compliance",
        "support.resolution_time",
        "support.critical_tickets",
        "support.sla_by_municipality",
    ]:
        SectionFactory(report=report_with_glossary, block=block)
    report_publish(report=report_with_glossary, user=administrator)
    admin = client_for(Role.ADMINISTRATOR)
    pages = {
        "finance": admin.get("/okonomi/?ar=2023").content.decode(),
        "tickets": admin.get("/admin/support/ticket/?priority=high").content.decode(),
        "ticket import": admin.get(reverse("admin:support_ticket_import")).content.decode(),
        "actuals grid": admin.get(
            reverse("admin:budget_budgetline_actuals") + "?year=2023&month=12"
        ).content.decode(),
        "published": admin.get("/rapporter/2024-01/").content.decode(),
        "draft": admin.get("/rapporter/2024-01/utkast/").content.decode(),
        "home": admin.get("/").content.decode(),
        "admin contents": admin.get(
            reverse("admin:reports_monthlyreport_content", args=[report_with_glossary.pk])
        ).content.decode(),
    }
    # The next month, copied: its texts to go through, and a section's form with the
    # figure picker.
    february = report_start_next_month(
        report=report_with_glossary, meeting=next_meeting, as_of=datetime.date(2024, 3, 1)
    )
    section = february.sections.get(title="Driftsresultat")
    pages["copied texts"] = admin.get(
        reverse("admin:reports_monthlyreport_review", args=[february.pk])
    ).content.decode()
    pages["section form"] = admin.get(
        reverse("admin:reports_section_change", args=[section.pk])
    ).content.decode()
    assert (
        "Merforbruk på" in pages["copied texts"] and "Tall fra rapporten" in pages["section form"]
    )
    assert html_errors(pages) == []


def test_the_validator_finds_errors():
    broken = "<!DOCTYPE html><html lang=nb><head><title>x</title></head><body><span><p>x</span>"
    errors = html_errors({"broken page": broken})
    assert errors
    assert errors[0].startswith("broken page: line 1:")
