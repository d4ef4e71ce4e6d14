import datetime
import io
import os

import pypdf
import pytest
from django.utils import timezone
from pypdf.generic import ContentStream

import reports.pdf
import reports.pdf_writer
from jobs.models import Job
from reports.pdf import cached_pdf, render_pdf
from reports.pdf_writer import StaticFilesOnly
from reports.print_files import PRINT_ORIGIN, RefusedURL, static_file_for
from reports.publishing import report_publish
from reports.rendering import assemble, report_pdf
from ror_portal.roles import Role
from tests.factories import correct_a_text

pytestmark = pytest.mark.database_independent


@pytest.fixture
def pdf(report_with_glossary) -> pypdf.PdfReader:
    assembled = assemble(report_with_glossary)
    return pypdf.PdfReader(io.BytesIO(report_pdf(report=report_with_glossary, assembled=assembled)))


def text_of(reader: pypdf.PdfReader) -> str:
    """The text, each line with its runs of spaces made one."""
    lines = "\n".join(page.extract_text() for page in reader.pages).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines)


def test_the_pdf_has_the_sections_running_header_and_page_numbers(pdf):
    text = text_of(pdf)
    assert "1 REGNSKAP 2023" in text
    assert "1.1 DRIFTSRESULTAT" in text
    assert "2 DEFINISJONER OG BEGREPER" in text
    assert "Samarbeidsrådet for ROR-IKT – 14.02.2024" in text
    assert f"Side 1 av {len(pdf.pages)}" in text
    assert f"Side {len(pdf.pages)} av {len(pdf.pages)}" in text


def test_the_pdf_has_bookmarks_from_the_headings(pdf):
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(pdf.outline)
    assert titles == ["1 Regnskap 2023", "1.1 Driftsresultat", "2 Definisjoner og begreper"]


def test_the_pdf_is_archival_with_title_author_and_language(pdf):
    assert pdf.metadata.title == "Månedsrapport januar 2024 – Samarbeidsrådet for ROR-IKT"
    assert pdf.metadata.author == "ROR-IKT"
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "nb"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp or 'pdfaid:part="2"' in xmp
    assert "/StructTreeRoot" in root  # tagged


def test_contents_list_page_numbers(pdf):
    contents_page = text_of(pdf).split("Side 1 av")[0]
    assert "Innhold" in contents_page
    # "1 Regnskap 2023 ....... 2": the section starts on page 2 (after the contents page)
    assert any(
        line.startswith("1 Regnskap 2023") and line.rstrip().endswith("2")
        for line in contents_page.splitlines()
    )


def test_the_contents_dots_are_one_row_of_text_per_entry(pdf):
    """Each entry's dots are drawn as one text object (reports.pdf_writer), not one per
    dot as WeasyPrint's leader() makes them: the page would hold hundreds of text
    objects for these three entries' dots."""
    contents = pdf.pages[0]
    dots = [line for line in text_of(pdf).splitlines() if "." * 40 in line]
    assert len(dots) == 3  # the three entries, each with its row of dots
    operators = [op for _operands, op in ContentStream(contents.get_contents(), pdf).operations]
    assert operators.count(b"BT") < 60  # 396 with a text object for every dot


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/css/portal.css",
        "https://example.com/x.png",
        "file:///etc/passwd",
        f"{PRINT_ORIGIN}/static/../ror_portal/settings.py",
        f"{PRINT_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{PRINT_ORIGIN}/media/reports/x.pdf",
        f"{PRINT_ORIGIN}/static/css/no-such-file.css",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(RefusedURL):
        StaticFilesOnly().fetch(url)


def test_the_fetcher_serves_the_print_stylesheet():
    response = StaticFilesOnly().fetch(f"{PRINT_ORIGIN}/static/css/report-print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert static_file_for(f"{PRINT_ORIGIN}/static/css/report-print.css").name == "report-print.css"


def test_weasyprint_fetches_nothing_outside(monkeypatch):
    asked = []
    original = StaticFilesOnly.fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticFilesOnly, "fetch", recording)
    html = (
        '<html lang="nb"><head><title>x</title></head><body>'
        '<img src="http://127.0.0.1:9/secret.png" alt="">'
        '<img src="file:///etc/passwd" alt=""><p>Tekst</p></body></html>'
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF-")
    assert set(asked) == {"http://127.0.0.1:9/secret.png", "file:///etc/passwd"}
    assert "Tekst" in text_of(pypdf.PdfReader(io.BytesIO(pdf)))


def test_an_unchanged_draft_is_made_into_a_pdf_once(
    client_for, report_with_glossary, weasyprint_runs
):
    made = weasyprint_runs
    client = client_for(Role.ADMINISTRATOR)
    url = f"/rapporter/{report_with_glossary.slug}/utkast/pdf/"
    # Not made yet: the worker makes it (here where it is queued), and the job's page
    # goes on to the PDF, now answered from the cache.
    first = client.get(url, follow=True)
    job = Job.objects.get()
    assert first.redirect_chain == [(f"/admin/jobber/{job.pk}/", 302), (url, 302)]
    assert (job.title, job.status) == ("PDF av utkastet til Månedsrapport januar 2024", "done")
    second = client.get(url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.content == second.content and first.content.startswith(b"%PDF-")
    assert len(made) == 1

    section = report_with_glossary.sections.first()
    section.body = "Ny tekst denne måneden."
    section.save()
    changed = client.get(url, follow=True)
    assert len(made) == 2 and changed.content != first.content
    assert Job.objects.count() == 2


def test_the_pdf_cache_forgets_what_was_not_made_for_two_weeks(settings):
    old = render_pdf("<html lang=nb><title>Gammel</title><p>Gammel</p></html>")
    cache = settings.MEDIA_ROOT / reports.pdf.PDF_CACHE
    [stored] = list(cache.iterdir())
    weeks_ago = (datetime.datetime.now() - datetime.timedelta(days=15)).timestamp()
    os.utime(stored, (weeks_ago, weeks_ago))

    render_pdf("<html lang=nb><title>Ny</title><p>Ny</p></html>")

    assert old.startswith(b"%PDF-")
    assert stored not in list(cache.iterdir()) and len(list(cache.iterdir())) == 1


def test_each_version_gets_its_own_pdf_and_the_drafts_preview_stays_cached(
    client_for, report_with_glossary, administrator, weasyprint_runs
):
    """The draft's PDF says it is a draft, a version's names its number and date on
    every page: publishing makes the version's PDF (in the publish job), and the draft
    previewed again unchanged is still answered from the cache."""
    made = weasyprint_runs
    client = client_for(Role.ADMINISTRATOR)
    url = f"/rapporter/{report_with_glossary.slug}/utkast/pdf/"
    client.get(url, follow=True)
    first = report_publish(report=report_with_glossary, user=administrator, notify=False)
    correct_a_text(report_with_glossary)
    preview = client.get(url, follow=True)
    second = report_publish(report=report_with_glossary, user=administrator, notify=False)
    again = client.get(url)

    assert len(made) == 4  # each preview of a changed draft once, and each version
    assert again.content == preview.content
    day = timezone.localdate(first.published_at).strftime("%d.%m.%Y")
    draft_pages = pypdf.PdfReader(io.BytesIO(preview.content)).pages
    assert all("UTKAST" in page.extract_text() for page in draft_pages)
    for version in (first, second):
        pages = pypdf.PdfReader(io.BytesIO(version.pdf.read())).pages
        footer = f"Versjon {version.number} · publisert {day}"
        assert all(footer in page.extract_text() for page in pages)
        assert not any("UTKAST" in page.extract_text() for page in pages)
    assert first.pdf_sha256 != second.pdf_sha256


def test_a_cut_off_pdf_in_the_cache_is_made_again_not_served(settings):
    html = "<html lang=nb><title>Avkortet</title><p>Avkortet</p></html>"
    whole = render_pdf(html)
    [stored] = list((settings.MEDIA_ROOT / reports.pdf.PDF_CACHE).iterdir())
    stored.write_bytes(whole[: len(whole) // 2])  # the worker was killed while writing

    assert cached_pdf(html) is None
    assert not stored.exists()
    assert render_pdf(html) == whole and stored.read_bytes() == whole
