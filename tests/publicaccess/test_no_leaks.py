"""Nothing withheld or drafted reaches the public: every page, PDF (read back with
pdftotext), CSV, attachment and the feed under /innsyn/, crawled from the front page as
an anonymous visitor, is without the word only the board's papers and drafts have."""

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from tests.publicaccess.public_data import MARKER
from tests.reports.printed import document_text

pytestmark = pytest.mark.django_db
LINK = re.compile(r'(?:href|action)="(/innsyn/[^"#?]*)"')


def readable(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == "application/pdf" and content.startswith(b"%PDF-1.7 "):
        return content.decode()  # a test's stand-in attachment, not a real PDF
    if response["Content-Type"] == "application/pdf" or content.startswith(b"%PDF"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "document.pdf"
            path.write_bytes(content)
            return document_text(path)
    return content.decode()


def crawled(client) -> dict[str, str]:
    """Every /innsyn/ address reachable from the front page and the feed, and its text."""
    seen: dict[str, str] = {}
    waiting = [reverse("publicaccess:index"), reverse("publicaccess:feed")]
    while waiting and len(seen) < 200:
        url = waiting.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = readable(response)
        waiting += LINK.findall(seen[url])
        waiting += re.findall(r'href="http://testserver(/innsyn/[^"#?]*)"', seen[url])
    return seen


def test_no_public_address_has_what_is_withheld_or_a_draft(client, public_data):
    pages = crawled(client)

    assert reverse("publicaccess:meeting", args=["2024-M1"]) in pages
    assert public_data.edition.get_absolute_url() in pages
    assert public_data.edition.pdf_url in pages
    assert reverse("publicaccess:attachment", args=[public_data.public_attachment.pk]) in pages
    assert any(url.endswith(".csv") for url in pages)
    assert [url for url, text in pages.items() if MARKER in text] == []
    search = client.get(reverse("publicaccess:search"), {"q": MARKER})
    assert search.context["hits"].total == 0
    # the board's own edition, and the withheld attachment, still have it
    assert MARKER in public_data.version.html.open("rb").read().decode()
    assert MARKER in public_data.withheld_attachment.file.open("rb").read().decode()
