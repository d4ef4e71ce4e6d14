"""Every public page: anonymous, GET and HEAD only, rate-limited, cached, and with no
way into the members' portal but the sign-in."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from ror_portal.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls(public_data):
    edition = public_data.edition
    return [
        reverse("publicaccess:index"),
        reverse("publicaccess:meeting", args=["2024-M1"]),
        edition.get_absolute_url(),
        edition.pdf_url,
        reverse("publicaccess:csv", args=[edition.slug, edition.number, public_data.public_block]),
        reverse("publicaccess:attachment", args=[public_data.public_attachment.pk]),
        reverse("publicaccess:search") + "?q=drift",
        reverse("publicaccess:feed"),
    ]


def test_every_public_page_answers_anyone_publicly_cached(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url
        assert not response.cookies, url  # no session, no CSRF cookie


def test_every_public_page_refuses_to_be_changed(client, public_urls):
    for url in public_urls:
        assert client.post(url).status_code == 405, url
        assert client.put(url).status_code == 405, url
        assert client.head(url).status_code == 200, url


def test_a_page_seen_before_is_not_sent_again(client, public_urls):
    for url in public_urls:
        first = client.get(url)
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304, url


def test_too_many_requests_from_one_address_wait(client, public_data, settings):
    cache.clear()
    settings.PUBLIC_ACCESS_REQUESTS_PER_MINUTE = 3
    url = reverse("publicaccess:index")

    answers = [client.get(url).status_code for _ in range(4)]
    refused = client.get(url)
    another_address = client.get(url, REMOTE_ADDR="192.0.2.7")

    assert answers == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert "no-store" in refused["Cache-Control"]
    assert 'href="/innsyn/"' in refused.content.decode()  # back to the public's pages
    assert another_address.status_code == 200


def test_no_link_leads_into_the_members_portal(client_for, public_urls):
    """Not even for a signed-in member: the public pages show the public's header."""
    allowed = re.compile(r"^(/innsyn/|/static/|/logg-inn/$|/tilgjengelighet/$|#)")
    for role in [None, Role.BOARD_MEMBER]:
        client = client_for(role)
        for url in public_urls:
            response = client.get(url)
            if not response["Content-Type"].startswith("text/html"):
                continue
            links = re.findall(r'(?:href|action)="([^"]*)"', response.content.decode())
            assert links, url
            assert [link for link in links if not allowed.match(link)] == [], (role, url)
            assert reverse("login") in links
