"""archive.search: what it finds, for whom, and how the snippet is made safe."""

import datetime

import pytest
from django.db import connection

from archive.search import MAX_RESULTS, marked, search
from reports.publishing import report_publish
from tests.archive.conftest import (
    postgresql_only,
    published_meeting,
    section_html,
    stand_in_version,
)
from tests.factories import (
    BoardMeetingFactory,
    CaseFactory,
    MonthlyReportFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(report_with_glossary, administrator):
    SectionFactory(
        report=report_with_glossary,
        title="Oversikt over feilmeldinger",
        body="Åpne feilmeldinger per måned. Kode: `<script>alert(1)</script>` & omkjøring.",
    )
    return report_publish(report=report_with_glossary, user=administrator)


def found(user, query) -> list[str]:
    return [str(entry) for entry in search(user, query).entries]


def test_a_word_in_a_section_finds_it_with_a_link_to_its_heading(published, board_member):
    hits = search(board_member, "merforbruk")

    assert hits.total == 1
    [entry] = hits.entries
    assert str(entry) == "1.1 Driftsresultat"
    assert entry.get_absolute_url() == "/rapporter/2024-01/#seksjon-1-1"
    assert "<mark>Merforbruk</mark>" in entry.snippet


def test_every_word_must_be_there(published, board_member):
    assert found(board_member, "merforbruk mill") == ["1.1 Driftsresultat"]
    assert found(board_member, "merforbruk ørsta") == []


def test_case_does_not_matter_for_æ_ø_and_å(published, board_member):
    assert found(board_member, "ØRSTA") == ["2 Definisjoner og begreper"]
    assert found(board_member, "åpne") == ["3 Oversikt over feilmeldinger"]


def test_html_in_the_text_is_escaped_in_the_snippet(published, board_member):
    [entry] = search(board_member, "omkjøring").entries

    assert "&amp; <mark>omkjøring</mark>" in entry.snippet
    assert "<script>" not in entry.snippet
    if connection.vendor == "sqlite":
        # PostgreSQL's parser takes "<script>" for markup and leaves it out of the snippet.
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.snippet


def test_only_the_markers_become_html():
    assert marked("a <b>\x02c\x03</b> & \x02d\x03") == (
        "a &lt;b&gt;<mark>c</mark>&lt;/b&gt; &amp; <mark>d</mark>"
    )


def test_drafts_are_not_in_the_index(report_with_glossary, board_member, administrator):
    assert found(administrator, "merforbruk") == []
    assert found(board_member, "merforbruk") == []


def test_cases_of_unpublished_meetings_are_found_by_administrators_only(
    published, board_member, finance_user, administrator
):
    CaseFactory(
        meeting=published.report.meeting, number="2024/M1-001", title="Sikkerhetspartner i 2024"
    )
    unpublished = BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13))
    CaseFactory(
        meeting=unpublished,
        number="2024/M2-001",
        title="Sikkerhetspartner i 2025",
        published_at=None,
    )

    for reader in (board_member, finance_user):
        assert found(reader, "sikkerhetspartner") == ["2024/M1-001 Sikkerhetspartner i 2024"]
    assert sorted(found(administrator, "sikkerhetspartner")) == [
        "2024/M1-001 Sikkerhetspartner i 2024",
        "2024/M2-001 Sikkerhetspartner i 2025",
    ]


def test_a_case_links_to_its_section_of_the_meeting_or_to_its_case_document(board_member):
    meeting = published_meeting(2024)
    plain = CaseFactory(meeting=meeting, title="Orienteringssaker")
    documented = CaseFactory(
        meeting=meeting, title="Sikkerhetsavtale", document_block="security.case_document"
    )

    [entry] = search(board_member, "orienteringssaker").entries
    assert entry.get_absolute_url() == f"/moter/2024-M1/#case-{plain.pk}"
    [entry] = search(board_member, "sikkerhetsavtale").entries
    assert entry.get_absolute_url() == f"/saker/{documented.slug}/"


def test_newest_first_and_at_most_the_cap_with_the_number_that_matched(board_member):
    for year in (2022, 2024, 2023):
        published_meeting(year, text="<p>Budsjettet holdes.</p>")
    many = MonthlyReportFactory(
        meeting=BoardMeetingFactory(number="2021/M1", date=datetime.date(2021, 2, 10)),
        month=datetime.date(2021, 1, 1),
    )
    html = "".join(
        section_html(f"seksjon-{n}", str(n), f"Del {n}", "<p>Budsjettet sprekker.</p>")
        for n in range(1, MAX_RESULTS + 3)
    )
    stand_in_version(many, html)

    hits = search(board_member, "budsjettet")

    assert hits.total == MAX_RESULTS + 5
    assert len(hits.entries) == MAX_RESULTS
    if connection.vendor != "postgresql":  # PostgreSQL orders by rank first
        assert [str(entry.report) for entry in hits.entries[:4]] == [
            "Månedsrapport januar 2024",
            "Månedsrapport januar 2023",
            "Månedsrapport januar 2022",
            "Månedsrapport januar 2021",
        ]


def test_a_query_without_words_finds_nothing(published, board_member):
    assert search(board_member, ' " " ').total == 0


@postgresql_only
def test_norwegian_stemming_finds_other_forms_of_a_word(published, board_member):
    assert found(board_member, "feilmelding") == ["3 Oversikt over feilmeldinger"]
    [entry] = search(board_member, "feilmelding").entries
    assert "<mark>feilmeldinger</mark>" in entry.snippet


@postgresql_only
def test_a_hit_in_the_title_ranks_above_hits_in_the_text(board_member):
    meeting = published_meeting(2023, text="<p>Ny rutine for budsjettet. Rutine nummer to.</p>")
    CaseFactory(meeting=meeting, number="2023/M1-009", title="Ny rutine", proposed_decision="")

    assert found(board_member, "rutine") == ["2023/M1-009 Ny rutine", "1 Regnskap"]


@postgresql_only
def test_web_search_syntax_phrases_and_excluded_words(published, board_member):
    assert found(board_member, '"mill. kr"') == ["1.1 Driftsresultat"]
    assert found(board_member, "feilmeldinger -åpne") == []


@postgresql_only
def test_the_search_uses_the_gin_index(published):
    from django.contrib.postgres.search import SearchQuery

    from archive.models import SearchEntry
    from archive.search import CONFIG, search_vector

    query = SearchEntry.objects.annotate(vector=search_vector()).filter(
        vector=SearchQuery("budsjett", search_type="websearch", config=CONFIG)
    )
    with connection.cursor() as cursor:
        # A handful of rows would be read whole, or walked through another index with the
        # match as a filter; leave the planner only bitmap scans, so it shows the GIN index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "archive_search_vector" in query.explain()
