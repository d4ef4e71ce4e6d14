"""The SQLite search matches whole words and their prefixes, and numbers the way
Norwegians write them; PostgreSQL's full-text search is tested in test_search.py."""

import re

import pytest
from django.db import connection

from archive.search import search
from archive.words import terms
from ror_portal.roles import Role
from tests.archive.conftest import published_meeting

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL searches with its own full-text search"
)

TEXT = (
    "<p>SLA-brudd for Høy i januar. Et forslag om oppslag i arkivet.</p>"
    "<p>Driftsrammen øker med 1\u00a0864\u00a0000 kr i 2024, fordelt etter nøkkelen: "
    "Aukra 150\u202f798 kr, Molde 877 944 kr. Sak 2024/M1-004, 1,68 % over budsjett.</p>"
)


@pytest.fixture
def meeting():
    return published_meeting(2024, text=TEXT)


def marks(user, query) -> list[str]:
    """The marked stretches of every hit's snippet, in order."""
    return [
        mark
        for entry in search(user, query).entries
        for mark in re.findall(r"<mark>(.*?)</mark>", entry.snippet)
    ]


def test_a_word_is_not_found_inside_another(meeting, board_member):
    assert search(board_member, "lag").total == 0  # in "forslag" and "oppslag" only
    assert search(board_member, "slag").total == 0


@sqlite_only
def test_sla_finds_the_word_and_not_forslag_or_oppslag(meeting, board_member):
    assert search(board_member, "SLA").total == 1
    assert marks(board_member, "SLA") == ["SLA"]


@sqlite_only
def test_a_prefix_finds_the_word_and_marks_all_of_it(meeting, board_member):
    assert marks(board_member, "drift") == ["Driftsrammen"]
    assert marks(board_member, "fordel") == ["fordelt"]
    assert marks(board_member, "arki") == ["arkivet"]


@sqlite_only
@pytest.mark.parametrize(
    "query",
    ["1 864 000", "1864000", "1\u00a0864\u00a0000", "1\u202f864\u202f000", "1\u2009864\u2009000"],
)
def test_a_number_with_thousands_spaces_is_one_term(meeting, board_member, query):
    assert search(board_member, query).total == 1
    assert marks(board_member, query) == ["1 864 000"]


@sqlite_only
def test_a_number_is_found_whatever_its_spaces_are_in_the_text(meeting, board_member):
    assert marks(board_member, "150 798") == ["150 798"]  # a narrow space in the text
    assert marks(board_member, "877944") == ["877 944"]  # a plain space in the text


@sqlite_only
def test_a_number_matches_whole_numbers(meeting, board_member):
    for part in ("864", "000", "186", "1 864", "864 000", "1 86", "68"):
        assert search(board_member, part).total == 0, part
    assert marks(board_member, "004") == ["004"]  # after the hyphen of 2024/M1-004
    assert marks(board_member, "1,68") == ["1,68"]


@sqlite_only
def test_every_term_must_be_there(meeting, board_member):
    assert search(board_member, "1 864 000 aukra").total == 1
    assert search(board_member, "1 864 000 ørsta").total == 0


def test_the_terms_of_a_query():
    assert len(terms("SLA 1 864 000")) == 2
    # Years and amounts side by side stay apart: 2024 is not a thousands group.
    assert len(terms("2024 200 000")) == 2
    assert terms(' " ,. ') == []


@sqlite_only
def test_the_search_page_marks_the_amount_once(meeting, client_for):
    response = client_for(Role.BOARD_MEMBER).get("/sok/", {"q": "1 864 000"})

    assert response.status_code == 200
    assert re.findall(r"<mark>(.*?)</mark>", response.content.decode()) == ["1 864 000"]
