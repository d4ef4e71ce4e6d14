"""A published version is served only as it was published: a stored file changed or
missing on disk is refused (a page for the reader, an error in the log, one e-mail to
the administrators), served again once put back, and found by manage.py verify_versions."""

import hashlib
import io
import logging
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

import reports.frozen
from reports.models import CaseDocumentVersion
from ror_portal.roles import Role
from tests.factories import CaseFactory, ReportVersionFactory, UserFactory

pytestmark = pytest.mark.django_db
REFUSED = "Lagret kopi av dokumentet stemmer ikke med det som ble publisert"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """The checked HTML is kept in the process and the notice's throttle in the cache:
    each test starts without what another test's versions left there."""
    reports.frozen._stored.clear()
    cache.clear()
    yield
    reports.frozen._stored.clear()
    cache.clear()


@pytest.fixture
def version(db):
    published = ReportVersionFactory(
        html__data=b"<p>Publisert tekst</p>", pdf__data=b"%PDF-1.7 publisert"
    )
    reports.frozen._stored.clear()  # the archive's indexing read it: as after a restart
    return published


def on_disk(stored_file) -> Path:
    return Path(stored_file.path)


def test_a_changed_html_file_is_refused_with_a_page_log_and_mail(
    client_for, version, administrator, caplog
):
    on_disk(version.html).write_bytes(b"<p>Endret etter publisering</p>")

    with caplog.at_level(logging.ERROR, logger="reports.integrity"):
        response = client_for(Role.BOARD_MEMBER).get("/rapporter/2024-01/")

    html = response.content.decode()
    assert response.status_code == 503
    assert REFUSED in html and "Administratorene er varslet" in html
    assert "Endret etter publisering" not in html
    assert "no-store" in response["Cache-Control"]
    [record] = [r for r in caplog.records if r.name == "reports.integrity"]
    assert record.levelno == logging.ERROR and version.html.name in record.getMessage()
    [notice] = mail.outbox
    assert notice.to == [administrator.email]
    assert version.html.name in notice.body
    assert "stemmer ikke" in notice.subject


def test_the_file_put_back_is_served_again_without_a_restart(client_for, version):
    original = on_disk(version.html).read_bytes()
    client = client_for(Role.BOARD_MEMBER)
    on_disk(version.html).write_bytes(b"<p>Endret etter publisering</p>")
    assert client.get("/rapporter/2024-01/").status_code == 503

    on_disk(version.html).write_bytes(original)
    response = client.get("/rapporter/2024-01/")

    assert response.status_code == 200
    assert "Publisert tekst" in response.content.decode()


def test_a_busy_page_mails_the_administrators_once_an_hour(client_for, version, administrator):
    UserFactory(username="admin2", role=Role.ADMINISTRATOR)
    UserFactory(username="uten-epost", role=Role.ADMINISTRATOR, email="")
    UserFactory(username="sluttet", role=Role.ADMINISTRATOR, is_active=False)
    on_disk(version.html).write_bytes(b"<p>Endret</p>")
    client = client_for(Role.BOARD_MEMBER)

    statuses = [client.get("/rapporter/2024-01/").status_code for _ in range(3)]

    assert statuses == [503, 503, 503]
    [notice] = mail.outbox
    assert sorted(notice.to) == ["admin2@example.no", administrator.email]


@pytest.mark.parametrize("damage", ["changed", "missing"])
def test_a_changed_or_missing_pdf_is_not_downloaded(client_for, version, damage):
    pdf = on_disk(version.pdf)
    if damage == "changed":
        pdf.write_bytes(b"%PDF-1.7 byttet ut")
    else:
        pdf.unlink()
    client = client_for(Role.FINANCE)

    for url in ["/rapporter/2024-01/pdf/", "/rapporter/2024-01/versjon/1/pdf/"]:
        response = client.get(url)
        assert response.status_code == 503
        assert REFUSED in response.content.decode()
    assert len(mail.outbox) == 1


def case_document(case, html: bytes, pdf: bytes) -> CaseDocumentVersion:
    version = CaseDocumentVersion(
        case=case,
        number=1,
        html_sha256=hashlib.sha256(html).hexdigest(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        published_by=UserFactory(),
    )
    version.html.save("saksframlegg.html", ContentFile(html), save=False)
    version.pdf.save("saksframlegg.pdf", ContentFile(pdf), save=False)
    version.save()
    return version


def test_a_changed_case_document_is_refused(client_for, version):
    case = CaseFactory(meeting=version.report.meeting, number="2024/M1-004", document_block="x")
    document = case_document(case, b"<p>Saksframlegget</p>", b"%PDF-1.7 sak")
    client = client_for(Role.ADMINISTRATOR)  # sees the case whether or not it is published
    assert "Saksframlegget" in client.get("/saker/2024-M1-004/").content.decode()
    reports.frozen._stored.clear()  # the page's copy was checked: as after a restart
    on_disk(document.html).write_bytes(b"<p>Forfalsket</p>")
    on_disk(document.pdf).write_bytes(b"%PDF-1.7 forfalsket")

    page, pdf = client.get("/saker/2024-M1-004/"), client.get("/saker/2024-M1-004/pdf/")

    assert (page.status_code, pdf.status_code) == (503, 503)
    assert "Forfalsket" not in page.content.decode()


def verify() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_versions", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_versions_passes_when_every_file_is_as_published(version):
    case = CaseFactory(meeting=version.report.meeting)
    case_document(case, b"<p>Sak</p>", b"%PDF-1.7 sak")

    out, err = verify()

    assert "OK: 4 stored files" in out and err == ""


def test_verify_versions_names_every_changed_or_missing_file_and_fails(version):
    case = CaseFactory(meeting=version.report.meeting)
    document = case_document(case, b"<p>Sak</p>", b"%PDF-1.7 sak")
    on_disk(version.html).write_bytes(b"<p>Endret</p>")
    on_disk(document.pdf).unlink()
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 of 4 stored files"):
        call_command("verify_versions", stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert sorted(lines) == sorted(
        [
            f"FAILED: {version.html.name} ({version}): does not match its SHA-256",
            f"FAILED: {document.pdf.name} ({document}): missing",
        ]
    )
    assert mail.outbox == []  # the backup's output says it; no mail from the command
