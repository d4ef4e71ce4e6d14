"""The public search: over the public editions' text and titles only."""

import pytest
from django.urls import reverse

from reports.publishing import report_publish
from tests.publicaccess.public_data import MARKER, PUBLIC_WORD

pytestmark = pytest.mark.django_db
SEARCH = reverse("publicaccess:search")


def test_the_search_finds_public_text_and_marks_it(client, public_data):
    response = client.get(SEARCH, {"q": PUBLIC_WORD.lower()})

    assert response.status_code == 200
    assert [hit.edition for hit in response.context["hits"].found] == [public_data.edition]
    page = response.content.decode()
    assert public_data.edition.get_absolute_url() in page
    assert f"<mark>{PUBLIC_WORD}</mark>" in page


def test_the_search_is_case_insensitive_with_norwegian_letters(client, public_data):
    public_data.edition.text += " Ørsta-nett"
    public_data.edition.save(update_fields=["text"])

    hits = client.get(SEARCH, {"q": "ØRSTA-NETT"}).context["hits"]

    assert hits.total == 1


def test_the_search_never_finds_board_only_text(client, public_data):
    response = client.get(SEARCH, {"q": MARKER})

    assert response.context["hits"].total == 0
    assert 'class="search-results"' not in response.content.decode()
    # the board's own version has it
    assert MARKER in public_data.version.html.open("rb").read().decode()


def test_an_empty_search_shows_the_form(client, public_data):
    response = client.get(SEARCH)

    assert response.status_code == 200
    assert response.context["hits"] is None
    assert 'name="q"' in response.content.decode()


def test_a_search_too_long_is_refused_with_a_message(client, public_data):
    response = client.get(SEARCH, {"q": PUBLIC_WORD + "x" * 300})

    assert response.status_code == 200
    assert response.context["hits"] is None
    assert response.context["form"].errors["q"]


def test_the_public_pages_ask_as_many_queries_however_many_editions(
    client, public_data, administrator, django_assert_max_num_queries
):
    urls = [
        reverse("publicaccess:index"),
        reverse("publicaccess:meeting", args=["2024-M1"]),
        f"{SEARCH}?q={PUBLIC_WORD}",
        reverse("publicaccess:feed"),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(100) as queries:
            client.get(url)
        counts[url] = len(queries)
    section = public_data.report.sections.get(title="Driftsresultat")
    for change in ["To.", "Tre.", "Fire."]:
        section.body += change
        section.save()
        report_publish(report=public_data.report, user=administrator, notify=False)

    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
        assert response.status_code == 200
    hits = client.get(f"{SEARCH}?q={PUBLIC_WORD}").context["hits"]
    assert hits.total == 4
