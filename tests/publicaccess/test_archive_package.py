"""The archive package (issue 30, the handover): the demo's meeting 2024/M1 with its
notice sent and its meeting book made, packed once for these tests (WeasyPrint takes
seconds), read back from the zip: its XML against the schema the project ships, its
checksums against the files, the withheld part and the drafts nowhere in it; and its
delivery by command and admin, and its check by verify_versions."""

import datetime
import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from lxml import etree

from meetings.book_tasks import make_meeting_book
from meetings.models import MeetingNotice
from publicaccess.archive_package import build_package, verify_package
from publicaccess.models import PublicEdition
from publicaccess.package_metadata import SCHEMA
from reports.models import BoardMeeting, Case, CaseDocumentVersion, MonthlyReport
from reports.publishing import sha256
from tests.factories import CaseFactory, MonthlyReportFactory, SectionFactory

# The PDFs are made the same on any database: the SQLite pass only.
pytestmark = pytest.mark.database_independent

ROOT = "2024-M1"
CASE = f"{ROOT}/saksframlegg-2024-M1-004-v1"
NOTICE = f"{ROOT}/innkalling-2024-M1-1"
WITHHELD = "Georedundant"  # in part 4 of the SOC+ case document, withheld under § 24
DRAFT_WORD = "Kvitveisplanen"  # a draft case's and a draft report's: never in the package
PUBLIC_TITLE = "Avtale om sikkerhetstjenester"


def demo_meeting_with_notice_and_book() -> BoardMeeting:
    call_command("demo", stdout=io.StringIO())
    meeting = BoardMeeting.objects.get(number="2024/M1")
    meeting.place = "Storgata 33, Molde"
    meeting.save()
    soc = Case.objects.get(number="2024/M1-004")
    soc.public_title = PUBLIC_TITLE
    soc.save()
    CaseFactory(meeting=meeting, number="2024/M1-006", title=DRAFT_WORD, published_at=None)
    draft = MonthlyReportFactory(
        meeting=meeting, month=datetime.date(2024, 2, 1), as_of=datetime.date(2024, 2, 10)
    )
    SectionFactory(report=draft, title=DRAFT_WORD, body=f"{DRAFT_WORD} er et utkast.")
    MeetingNotice.objects.create(
        meeting=meeting,
        sent_by=get_user_model().objects.get(username="admin"),
        sent_at=timezone.now(),
        recipients=[{"name": "Kari Nordmann", "municipality": "Molde", "role": "member"}],
    )
    make_meeting_book.call(meeting.pk)
    return meeting


@pytest.fixture(scope="module")
def _package_of_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The package made once, its stored files in a folder of the module's; rolled back
    after the last test."""
    files = tmp_path_factory.mktemp("package-files")
    with (
        override_settings(MEDIA_ROOT=files / "media"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        meeting = demo_meeting_with_notice_and_book()
        yield files, meeting, build_package(meeting)
        transaction.set_rollback(True)


@pytest.fixture
def made(_package_of_module, db, settings):
    """The meeting and its package, and the zip opened; each test's changes rolled back."""
    files, meeting, package = _package_of_module
    settings.MEDIA_ROOT = files / "media"
    with zipfile.ZipFile(io.BytesIO(package.data)) as opened:
        yield meeting, package, opened


def pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode()


def metadata_of(opened: zipfile.ZipFile, folder: str) -> dict:
    return json.loads(opened.read(f"{folder}/metadata.json"))


def test_it_holds_each_published_document_with_both_editions_and_metadata(made):
    _meeting, package, opened = made
    folders = {name.rsplit("/", 1)[0] for name in opened.namelist()} - {ROOT}
    assert folders == {
        NOTICE,
        f"{ROOT}/manedsrapport-2024-01-v1",
        CASE,
        f"{ROOT}/motebok-2024-M1-v1",
    }
    for folder in folders:
        names = {name.rsplit("/", 1)[1] for name in opened.namelist() if name.startswith(folder)}
        assert names == {"styre.pdf", "offentlig.pdf", "metadata.xml", "metadata.json"}, folder
    assert package.name == "arkivpakke-2024-M1.zip"
    assert package.file_count == len(opened.namelist())


def test_every_xml_file_validates_against_the_shipped_schema(made):
    _meeting, _package, opened = made
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    xml_files = [name for name in opened.namelist() if name.endswith(".xml")]
    assert len(xml_files) == 5  # four documents' metadata and the manifest
    for name in xml_files:
        document = etree.fromstring(opened.read(name))
        assert schema.validate(document), (name, list(schema.error_log))


def test_the_schema_refuses_a_noark_number_other_than_its_own(made):
    _meeting, _package, opened = made
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    changed = opened.read(f"{CASE}/metadata.xml").replace(b'noark="M008"', b'noark="M009"')
    assert not schema.validate(etree.fromstring(changed))


def test_every_checksum_in_the_manifest_matches_the_files(made):
    _meeting, package, opened = made
    manifest = json.loads(opened.read(f"{ROOT}/manifest.json"))
    listed = {f["sti"]: f for d in manifest["dokumenter"] for f in d["filer"]}
    manifests = {f"{ROOT}/manifest.json", f"{ROOT}/manifest.xml"}
    assert set(listed) == set(opened.namelist()) - manifests
    for path, entry in listed.items():
        content = opened.read(path)
        assert entry["sjekksum"] == hashlib.sha256(content).hexdigest(), path
        assert entry["filstoerrelse"] == len(content), path
    # The XML manifest says the same.
    namespace = {"a": "urn:ror-ikt:arkivpakke:1"}
    xml = etree.fromstring(opened.read(f"{ROOT}/manifest.xml"))
    paths = xml.xpath("//a:fil/a:sti/text()", namespaces=namespace)
    sums = xml.xpath("//a:fil/a:sjekksum/text()", namespaces=namespace)
    assert dict(zip(paths, sums, strict=True)) == {p: e["sjekksum"] for p, e in listed.items()}
    # and the metadata's own checksums are the files'
    for folder in {path.rsplit("/", 1)[0] for path in listed}:
        for file in metadata_of(opened, folder)["filer"]:
            content = opened.read(f"{folder}/{file['filnavn']}")
            assert file["sjekksum"] == hashlib.sha256(content).hexdigest()
    assert verify_package(package.data) == []


def test_the_case_documents_metadata_names_meeting_restriction_basis_and_noark_numbers(made):
    _meeting, _package, opened = made
    described = metadata_of(opened, CASE)
    assert described["moete"] == {
        "utvalg": "Samarbeidsrådet for ROR-IKT",
        "moetenummer": "2024/M1",
        "moetedato": "2024-02-14",
        "moetested": "Storgata 33, Molde",
    }
    assert described["dokumenttype"] == "Saksframlegg"
    assert described["saksnummer"] == "2024/M1-004"
    assert described["tittel"] == "Sikkerhetspartner"
    assert described["offentligTittel"] == PUBLIC_TITLE
    assert described["versjonsnummer"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", described["opprettetDato"])
    assert described["opprettetAv"]
    restriction = described["skjerming"]
    assert restriction["tilgangsrestriksjon"] == "UO"
    assert restriction["skjermingshjemmel"] == "offl. § 24 tredje ledd"
    assert [item["hjemmel"] for item in restriction["unntak"]] == ["offl. § 24 tredje ledd"]
    files = {file["rolle"]: file for file in described["filer"]}
    assert files["styre"]["variantformat"] == "Arkivformat"
    assert files["offentlig"]["variantformat"] == "Dokument hvor deler av innholdet er skjermet"
    assert {file["format"] for file in files.values()} == {"PDF/A-2A"}  # reports.pdf_writer
    assert described["noark"]["moetenummer"] == "M008"
    assert described["noark"]["skjermingshjemmel"] == "M501"
    xml = etree.fromstring(opened.read(f"{CASE}/metadata.xml"))
    numbers = {etree.QName(element).localname: element.get("noark") for element in xml.iter()}
    assert numbers["utvalg"] == "M370" and numbers["moetedato"] == "M102"
    assert numbers["offentligTittel"] == "M025" and numbers["tilgangsrestriksjon"] == "M500"
    assert numbers["saksnummer"] is None  # no Noark element: the portal's own


def test_a_document_with_nothing_withheld_has_no_restriction(made):
    _meeting, _package, opened = made
    report = metadata_of(opened, f"{ROOT}/manedsrapport-2024-01-v1")
    assert report["dokumenttype"] == "Månedsrapport"
    assert "skjerming" not in report


def test_the_book_is_restricted_as_its_public_edition(made):
    _meeting, _package, opened = made
    book = metadata_of(opened, f"{ROOT}/motebok-2024-M1-v1")
    assert book["dokumenttype"] == "Møtebok"
    assert book["skjerming"]["skjermingshjemmel"] == "offl. § 24 tredje ledd"
    assert "opprettetAv" not in book  # the worker made it
    assert "merknad" not in book  # only a book made without its public edition has one


def test_the_public_pdf_has_nothing_of_the_withheld_part_and_the_boards_has_it(made):
    _meeting, _package, opened = made
    assert WITHHELD in pdf_text(opened.read(f"{CASE}/styre.pdf"))
    public = pdf_text(opened.read(f"{CASE}/offentlig.pdf"))
    assert WITHHELD not in public
    assert "offl. § 24 tredje ledd" in public  # the line in its place


def test_the_notice_is_made_as_sent_and_its_public_edition_has_the_public_titles(made):
    _meeting, _package, opened = made
    described = metadata_of(opened, NOTICE)
    assert described["dokumenttype"] == "Møteinnkalling"
    assert "historikk" in described["merknad"]  # rendered from the records, said so
    board = pdf_text(opened.read(f"{NOTICE}/styre.pdf"))
    public = pdf_text(opened.read(f"{NOTICE}/offentlig.pdf"))
    assert "2024/M1-004 Sikkerhetspartner" in board and "Storgata 33, Molde" in board
    assert f"2024/M1-004 {PUBLIC_TITLE}" in public and "Sikkerhetspartner" not in public
    assert described["skjerming"]["unntak"][0]["hva"] == "Tittelen på sak 2024/M1-004"


def test_no_draft_is_in_the_package(made):
    _meeting, _package, opened = made
    for name in opened.namelist():
        assert DRAFT_WORD not in name and "2024-M1-006" not in name and "2024-02" not in name
        content = opened.read(name)
        text = pdf_text(content) if name.endswith(".pdf") else content.decode()
        assert DRAFT_WORD not in text, name


def test_a_case_document_of_a_draft_case_is_left_out(made, tmp_path):
    meeting, _package, _opened = made
    draft = Case.objects.get(number="2024/M1-006")
    CaseDocumentVersion.objects.create(
        case=draft,
        number=1,
        html=ContentFile(b"<p>utkast</p>", name="utkast.html"),
        pdf=ContentFile(b"%PDF-1.7 utkast", name="utkast.pdf"),
        html_sha256=sha256(b"<p>utkast</p>"),
        pdf_sha256=sha256(b"%PDF-1.7 utkast"),
        published_by=get_user_model().objects.get(username="admin"),
    )
    with zipfile.ZipFile(io.BytesIO(build_package(meeting).data)) as again:
        assert not [name for name in again.namelist() if "2024-M1-006" in name]
    assert MonthlyReport.objects.filter(month=datetime.date(2024, 2, 1)).exists()


def test_the_command_writes_the_zip_and_says_its_size(made, tmp_path):
    out = io.StringIO()
    call_command("archive_package", "2024/M1", "--out", str(tmp_path), stdout=out)
    written = tmp_path / "arkivpakke-2024-M1.zip"
    said = out.getvalue()
    assert str(written) in said
    assert f"{written.stat().st_size} bytes" in said and "18 files" in said
    assert verify_package(written.read_bytes()) == []
    verified = io.StringIO()
    call_command("archive_package", "--verify", str(written), stdout=verified)
    assert verified.getvalue().startswith("OK:")


def test_the_command_refuses_an_unknown_meeting(made, tmp_path):
    with pytest.raises(CommandError, match="There is no meeting 2099/M9"):
        call_command("archive_package", "2099/M9", "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_the_commands_check_finds_a_file_changed_in_the_zip(made, tmp_path):
    _meeting, _package, opened = made
    changed = tmp_path / "endret.zip"
    with zipfile.ZipFile(changed, "w") as copy:
        for name in opened.namelist():
            content = opened.read(name)
            copy.writestr(name, content + b"%" if name == f"{CASE}/offentlig.pdf" else content)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 problems"):
        call_command("archive_package", "--verify", str(changed), stderr=errors)
    assert errors.getvalue() == f"FAILED: {CASE}/offentlig.pdf: does not match its SHA-256\n"


def admin_url(meeting: BoardMeeting) -> str:
    return f"/admin/publicaccess/publicedition/arkivpakke/{meeting.pk}.zip"


def test_an_administrator_downloads_the_zip_from_the_meetings_admin_page(made, client):
    meeting, _package, _opened = made
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get(f"/admin/reports/boardmeeting/{meeting.pk}/change/")
    assert admin_url(meeting) in page.content.decode()

    response = client.get(admin_url(meeting))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="arkivpakke-2024-M1.zip"' in response["Content-Disposition"]
    assert verify_package(response.content) == []


def test_a_board_member_gets_no_package(made, client):
    meeting, _package, _opened = made
    client.force_login(get_user_model().objects.get(username="styremedlem"))
    response = client.get(admin_url(meeting))
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/zip"


def test_verify_versions_reports_a_public_edition_changed_on_disk(made):
    edition = PublicEdition.objects.get(kind=PublicEdition.Kind.CASE_DOCUMENT)
    stored = Path(edition.pdf.path)
    original = stored.read_bytes()
    try:
        stored.write_bytes(b"%PDF-1.7 endret")
        errors = io.StringIO()
        with pytest.raises(CommandError, match="1 of"):
            call_command("verify_versions", stdout=io.StringIO(), stderr=errors)
        assert errors.getvalue().startswith(f"FAILED: {edition.pdf.name} (")
        # and the package refuses to hold it
        with pytest.raises(CommandError, match="not made"):
            call_command("archive_package", "2024/M1", stdout=io.StringIO())
    finally:
        stored.write_bytes(original)
    out = io.StringIO()
    call_command("verify_versions", stdout=out)
    assert out.getvalue().startswith("OK:")


def test_the_admin_says_which_file_stops_the_package(made, client):
    meeting, _package, _opened = made
    edition = PublicEdition.objects.get(kind=PublicEdition.Kind.CASE_DOCUMENT)
    stored = Path(edition.pdf.path)
    original = stored.read_bytes()
    client.force_login(get_user_model().objects.get(username="admin"))
    try:
        stored.write_bytes(b"%PDF-1.7 endret")
        response = client.get(admin_url(meeting), follow=True)
    finally:
        stored.write_bytes(original)
    change_page = f"/admin/reports/boardmeeting/{meeting.pk}/change/"
    assert response.redirect_chain == [(change_page, 302)]
    assert edition.pdf.name in response.content.decode()


def test_a_version_without_a_public_edition_is_restricted_by_the_markings_as_they_stand(made):
    meeting, _package, _opened = made
    PublicEdition.objects.filter(kind=PublicEdition.Kind.CASE_DOCUMENT).delete()

    with zipfile.ZipFile(io.BytesIO(build_package(meeting).data)) as again:
        assert f"{CASE}/offentlig.pdf" not in again.namelist()
        described = metadata_of(again, CASE)
    assert described["skjerming"]["skjermingshjemmel"] == "offl. § 24 tredje ledd"
    assert "merket" in described["merknad"]
