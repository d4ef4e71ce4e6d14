"""The Atom feed of what is published."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.publicaccess.public_data import MARKER

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_is_atom_with_an_entry_per_public_edition(client, public_data):
    response = client.get(reverse("publicaccess:feed"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == "http://testserver/innsyn/"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    edition_url = f"http://testserver{public_data.edition.get_absolute_url()}"
    assert entry.find(f"{ATOM}link").get("href") == edition_url
    assert entry.find(f"{ATOM}id").text == edition_url
    assert entry.find(f"{ATOM}title").text == str(public_data.edition)
    assert entry.find(f"{ATOM}updated").text.startswith(
        public_data.edition.published_at.isoformat()[:19]
    )
    assert MARKER not in response.content.decode()
