"""The archive page and the search page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.publishing import report_publish
from ror_portal.roles import Role
from tests.archive.conftest import published_meeting
from tests.factories import BoardMeetingFactory, CaseFactory
from tests.html_validator import html_errors

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_archive_groups_meetings_by_year_newest_first(client_for):
    for year in (2023, 2024, 2022):
        published_meeting(year)
    html = page(client_for(Role.BOARD_MEMBER), "/arkiv/")

    headings = re.findall(r'<h2 id="year-(\d+)">', html)
    assert headings == ["2024", "2023", "2022"]
    assert html.index('href="/moter/2024-M1/"') < html.index('href="/moter/2023-M1/"')
    year_2023 = html[html.index('id="year-2023"') : html.index('id="year-2022"')]
    assert 'href="/rapporter/2023-01/"' in year_2023
    assert re.search(r'href="/moter/2023-M1/#case-\d+">2023/M1-001 Sikkerhetspartner', year_2023)
    assert re.search(r'href="/vedlegg/\d+/">Saksframlegg', year_2023)
    assert 'href="#year-2022"' in html


def test_board_members_see_neither_drafts_nor_unpublished_meetings(
    client_for, report_with_glossary
):
    published_meeting(2023)
    unpublished = BoardMeetingFactory(number="2024/M1")  # the meeting of the draft report
    CaseFactory(meeting=unpublished, number="2024/M1-001", title="Hemmelig sak", published_at=None)

    for role in (Role.BOARD_MEMBER, Role.FINANCE):
        html = page(client_for(role), "/arkiv/")
        assert "2023/M1" in html
        assert "2024/M1" not in html
        assert "/rapporter/2024-01/" not in html
        assert "Hemmelig sak" not in html
        assert "Hemmelig sak" not in page(client_for(role), "/sok/?q=hemmelig")

    administrator = page(client_for(Role.ADMINISTRATOR), "/arkiv/")
    assert "2024/M1-001 Hemmelig sak" in administrator
    assert "/rapporter/2024-01/" not in administrator  # a draft is not in the archive
    assert "Hemmelig sak" in page(client_for(Role.ADMINISTRATOR), "/sok/?q=hemmelig")


def test_a_search_lists_its_hits_with_context_snippet_and_link(
    client_for, report_with_glossary, administrator
):
    report_publish(report=report_with_glossary, user=administrator)
    html = page(client_for(Role.BOARD_MEMBER), "/sok/?q=merforbruk")

    assert '<a href="/rapporter/2024-01/#seksjon-1-1">1.1 Driftsresultat</a>' in html
    assert "Månedsrapport januar 2024" in html
    assert "<mark>Merforbruk</mark> på 1,938 mill. kr." in html
    assert 'value="merforbruk"' in html


def test_an_empty_query_shows_the_form_and_no_hits_says_so(client_for, report_with_glossary):
    client = client_for(Role.BOARD_MEMBER)
    empty = page(client, "/sok/")
    assert 'type="search"' in empty
    assert "empty-state" not in empty and "search-results" not in empty

    none = page(client, "/sok/?q=finnesikke")
    assert "search-results" not in none
    assert 'class="empty-state"' in none and "finnesikke" in none


def test_html_in_the_query_is_escaped(client_for):
    html = page(client_for(Role.BOARD_MEMBER), '/sok/?q=<script>alert("x")</script>')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_too_long_query_is_refused_with_a_message_on_the_field(client_for):
    html = page(client_for(Role.BOARD_MEMBER), "/sok/?q=" + "a" * 201)
    assert 'class="errorlist' in html
    assert 'aria-invalid="true"' in html
    assert "search-results" not in html and "empty-state" not in html


def test_readers_have_the_archive_in_the_header(client_for):
    for role in (Role.BOARD_MEMBER, Role.FINANCE, Role.ADMINISTRATOR):
        html = page(client_for(role), "/")
        assert re.search(r'<nav class="site-nav".*href="/arkiv/"', html, re.DOTALL)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Session, user and roles, then: meetings, reports, cases, attachments; or the hits
# (counted in a second query only when there are more than the page shows).
@pytest.mark.parametrize(("url", "most"), [("/arkiv/", 7), ("/sok/?q=budsjettet", 4)])
def test_the_number_of_queries_does_not_grow_with_the_reports(
    client_for, url, most, django_assert_max_num_queries
):
    client = client_for(Role.BOARD_MEMBER)
    client.get("/")  # the first request writes the session
    published_meeting(2024)
    with django_assert_max_num_queries(most):
        one = queries(client, url)
    for year in range(2015, 2024):
        published_meeting(year)
    with django_assert_max_num_queries(most):
        ten = queries(client, url)
    assert one == ten


def test_the_pages_are_valid_html(client_for, report_with_glossary, administrator):
    report_publish(report=report_with_glossary, user=administrator)
    published_meeting(2023)
    client = client_for(Role.BOARD_MEMBER)
    pages = {
        url: page(client, url)
        for url in [
            "/arkiv/",
            "/sok/",
            "/sok/?q=regnskap",
            "/sok/?q=sikkerhetspartner",
            "/sok/?q=finnesikke",
            "/sok/?q=" + "a" * 201,
        ]
    }
    assert "search-results" in pages["/sok/?q=regnskap"]
    assert html_errors(pages) == []
