"""A draft's web pages say UTKAST, as its PDF does on every page: the preview of a
report or a case document not published yet cannot pass for what the board is given."""

import re

from budget import demo as budget_demo
from reports.models import Case
from reports.publishing import report_publish
from ror_portal.roles import Role
from security import demo as security_demo
from tests.factories import BoardMeetingFactory, CaseFactory

MARK = '<strong class="draft-mark">UTKAST</strong>'


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_the_report_draft_page_is_marked_utkast(client_for, report_with_glossary):
    html = client_for(Role.ADMINISTRATOR).get("/rapporter/2024-01/utkast/").content.decode()
    assert html.count(MARK) == 1
    assert _title(html).startswith("Utkast: Månedsrapport januar 2024")


def test_the_case_document_draft_page_is_marked_utkast(client_for):
    budget_demo.load()
    security_demo.load()
    CaseFactory(
        meeting=BoardMeetingFactory(number="2024/M1"),
        number="2024/M1-004",
        title="Sikkerhetspartner",
        document_block="security.case_document",
        published_at=None,
    )
    response = client_for(Role.ADMINISTRATOR).get("/saker/2024-M1-004/utkast/")
    html = response.content.decode()
    assert response.status_code == 200
    # the document's draft, and the case itself not published yet
    assert html.count(MARK) == 2
    assert _title(html).startswith("Utkast: 2024/M1-004 Sikkerhetspartner")
    assert Case.objects.get().published_at is None


def test_a_published_report_page_has_no_draft_mark(client_for, report_with_glossary, administrator):
    report_publish(report=report_with_glossary, user=administrator, notify=False)
    html = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-01/").content.decode()
    assert "UTKAST" not in html and not _title(html).startswith("Utkast")
