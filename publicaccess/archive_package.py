"""The archive package of a meeting (issue 30, the handover to Molde's archive): every
published document of the meeting, each in its own folder with the board's PDF/A, its
public edition's PDF/A where it has one, and its metadata in XML and JSON
(publicaccess.package_metadata); and a manifest of every file with its SHA-256.

Only what was published goes in: the versions of reports, case documents and minutes
(a version is published by definition; a case document's case must be published too),
the latest meeting book (which holds only published cases) and the notices that were
sent. Every stored file is read through its recorded SHA-256 (reports.integrity), so a
file changed on disk stops the package instead of going into it.

The notice is not stored as a document: it went out as an e-mail. Its PDF/A is made
when the package is made, from the meeting and its agenda as the records' history has
them at the moment it was sent, and its metadata says so."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone

from meetings.book import latest_book
from meetings.minutes import minutes_title
from meetings.models import MeetingBook, MeetingNotice, MinutesVersion
from meetings.notice_mail import notice_subject
from publicaccess import package_metadata as metadata
from publicaccess.editions import MARKINGS
from publicaccess.marking import case_markings, meeting_markings, report_markings
from publicaccess.models import PublicEdition, Withholding
from publicaccess.package_metadata import DocumentType, PackageDocument, PackageFile, Role
from reports.integrity import verified_bytes
from reports.models import BoardMeeting, Case, CaseDocumentVersion, ReportVersion
from reports.pdf import render_pdf
from reports.rendering import render_print_document

MANIFEST = "manifest"
NOTICE_NOTE = (
    "Innkallingen ble sendt som e-post og er ikke lagret som dokument. Denne PDF/A-en er "
    "laget da arkivpakken ble laget, fra møtet og sakslisten slik portalens historikk "
    "viser dem da innkallingen ble sendt."
)
NO_EDITION_NOTE = (
    "Versjonen ble publisert før portalen laget offentlige utgaver og har ingen. "
    "Skjermingen er delene som er merket som unntatt offentlighet da arkivpakken ble laget."
)
BOOK_NOTE = (
    "Møteboken har ingen offentlig utgave: den samler sakenes dokumenter slik styret "
    "fikk dem, med det som er unntatt offentlighet i dem."
)


@dataclass(frozen=True)
class ArchivePackage:
    name: str  # arkivpakke-2024-M1.zip
    data: bytes
    file_count: int


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _edition(version) -> PublicEdition | None:
    return PublicEdition.objects.filter(
        content_type=ContentType.objects.get_for_model(version), object_id=version.pk
    ).first()


def _files(board, edition: PublicEdition | None) -> list[PackageFile]:
    """The board's PDF and the public edition's, each as it was stored."""
    files = [PackageFile("styre.pdf", Role.BOARD, verified_bytes(board, "pdf"))]
    if edition is not None:
        variant = metadata.PUBLIC_VARIANT if edition.withheld else metadata.ARCHIVE_FORMAT
        files.append(
            PackageFile("offentlig.pdf", Role.PUBLIC, verified_bytes(edition, "pdf"), variant)
        )
    return files


def _version(
    version, *, document_type: str, folder: str, title: str, public_title: str, case_number=""
) -> PackageDocument:
    """A published version with its public edition. A version published before the
    portal made public editions has none: the markings as they stand now restrict it,
    so that the archive does not take the board's edition for a public one."""
    edition = _edition(version)
    if edition is not None:
        withheld, note = edition.withheld, ""
    else:
        withheld = [_as_withheld(marking) for marking in MARKINGS[type(version)](version)]
        note = NO_EDITION_NOTE if withheld else ""
    return PackageDocument(
        folder=f"{folder}-v{version.number}",
        document_type=document_type,
        title=title,
        public_title=public_title,
        version=version.number,
        published_at=version.published_at,
        published_by=_name(version.published_by),
        withheld=withheld,
        case_number=case_number,
        note=note,
        files=_files(version, edition),
    )


def _as_withheld(marking: Withholding) -> dict[str, str]:
    return {"what": marking.what, "basis": marking.basis.label}


def _reports(meeting: BoardMeeting) -> list[PackageDocument]:
    versions = (
        ReportVersion.objects.filter(report__meeting=meeting)
        .select_related("report", "published_by")
        .defer("block_data")
        .order_by("report__month", "number")
    )
    return [
        _version(
            version,
            document_type=DocumentType.REPORT,
            folder=f"manedsrapport-{version.report.slug}",
            title=str(version.report),
            public_title=str(version.report),
        )
        for version in versions
    ]


def _case_documents(meeting: BoardMeeting) -> list[PackageDocument]:
    versions = (
        CaseDocumentVersion.objects.filter(case__meeting=meeting, case__published_at__isnull=False)
        .select_related("case", "published_by")
        .order_by("case__number", "number")
    )
    return [
        _version(
            version,
            document_type=DocumentType.CASE_DOCUMENT,
            folder=f"saksframlegg-{version.case.slug}",
            title=version.case.title,
            public_title=version.case.title_for(public=True),
            case_number=version.case.number,
        )
        for version in versions
    ]


def _minutes(meeting: BoardMeeting) -> list[PackageDocument]:
    versions = MinutesVersion.objects.filter(meeting=meeting).select_related("published_by")
    title = minutes_title(meeting)
    return [
        _version(
            version,
            document_type=DocumentType.MINUTES,
            folder=f"protokoll-{meeting.slug}",
            title=title,
            public_title=title,
        )
        for version in versions.order_by("number")
    ]


def _book(meeting: BoardMeeting) -> list[PackageDocument]:
    """The latest meeting book, with its public edition if one was made. Without one,
    the book is restricted by every marking of the meeting's cases and reports."""
    book: MeetingBook | None = latest_book(meeting)
    if book is None:
        return []
    edition = _edition(book)
    if edition is not None:
        withheld, note = edition.withheld, ""
    else:
        markings = [*meeting_markings(meeting)]
        for report in meeting.reports.all():
            markings += report_markings(report)
        withheld = [_as_withheld(marking) for marking in markings]
        note = BOOK_NOTE if withheld else ""
    return [
        PackageDocument(
            folder=f"motebok-{meeting.slug}-v{book.number}",
            document_type=DocumentType.MEETING_BOOK,
            title=str(book),
            public_title=edition.title if edition else str(book),
            version=book.number,
            published_at=book.made_at,
            published_by="",  # made by the portal's worker, not by a person
            withheld=withheld,
            note=note,
            files=_files(book, edition),
        )
    ]


def _notices(meeting: BoardMeeting) -> list[PackageDocument]:
    sent = meeting.notices.filter(sent_at__isnull=False).select_related("sent_by")
    return [
        _notice(meeting, notice, number)
        for number, notice in enumerate(sent.order_by("sent_at"), start=1)
    ]


def _notice(meeting: BoardMeeting, notice: MeetingNotice, number: int) -> PackageDocument:
    """The notice as it went: the meeting and its published cases as of its sending.
    Its public edition names each case by its public title."""
    try:
        then = meeting.history.as_of(notice.sent_at)
    except BoardMeeting.DoesNotExist:  # made before its history was kept
        then = meeting
    cases = list(
        Case.history.as_of(notice.sent_at)
        .filter(meeting_id=meeting.pk, published_at__isnull=False)
        .order_by("number")
    )
    title = notice_subject(then)
    # What every page's footer says: the notice's number among the meeting's and its day.
    edition = SimpleNamespace(number=number, published_at=notice.sent_at)

    def pdf(*, public: bool) -> bytes:
        content = render_to_string(
            "publicaccess/archive/notice_content.html",
            {
                "meeting": then,
                "title": title,
                "cases": [{"number": c.number, "title": c.title_for(public=public)} for c in cases],
            },
        )
        return render_pdf(
            render_print_document(
                title=title, meeting=then, content=content, version=edition, public=public
            )
        )

    withheld = []
    for case in cases:
        if case.title_for(public=True) != case.title:
            bases = dict.fromkeys(m.basis.label for m in case_markings(case))
            withheld.append({"what": f"Tittelen på sak {case.number}", "basis": "; ".join(bases)})
    board = pdf(public=False)
    public = pdf(public=True) if withheld else board
    variant = metadata.PUBLIC_VARIANT if withheld else metadata.ARCHIVE_FORMAT
    return PackageDocument(
        folder=f"innkalling-{meeting.slug}-{number}",
        document_type=DocumentType.NOTICE,
        title=title,
        public_title=title,
        version=number,
        published_at=notice.sent_at,
        published_by=_name(notice.sent_by),
        withheld=withheld,
        note=NOTICE_NOTE,
        files=[
            PackageFile("styre.pdf", Role.BOARD, board),
            PackageFile("offentlig.pdf", Role.PUBLIC, public, variant),
        ],
    )


def meeting_documents(meeting: BoardMeeting) -> list[PackageDocument]:
    """Every published document of the meeting, in the order of its papers."""
    return [
        *_notices(meeting),
        *_reports(meeting),
        *_case_documents(meeting),
        *_minutes(meeting),
        *_book(meeting),
    ]


def build_package(meeting: BoardMeeting) -> ArchivePackage:
    """The meeting's package as a zip: ``2024-M1/manifest.xml``, ``manifest.json`` and
    a folder per document with ``styre.pdf``, ``offentlig.pdf``, ``metadata.xml`` and
    ``metadata.json``."""
    root = meeting.slug
    entries: list[tuple[str, bytes]] = []
    listed = []
    for document in meeting_documents(meeting):
        described = metadata.document_description(meeting, document)
        files = [
            *((file.name, file.data) for file in document.files),
            ("metadata.xml", metadata.as_xml("dokument", described)),
            ("metadata.json", metadata.as_json(described)),
        ]
        paths = [(f"{root}/{document.folder}/{name}", data) for name, data in files]
        entries += paths
        listed.append(
            {
                "mappe": document.folder,
                "dokumenttype": document.document_type,
                "tittel": document.title,
                "versjonsnummer": document.version,
                "filer": [_listed(path, data) for path, data in paths],
            }
        )
    manifest = {
        "moete": metadata.meeting_description(meeting),
        "laget": metadata.iso(timezone.now()),
        "portalversjon": metadata.portal_version(),
        "antallFiler": len(entries),
        "dokumenter": listed,
    }
    entries += [
        (f"{root}/{MANIFEST}.xml", metadata.as_xml("arkivpakke", manifest)),
        (f"{root}/{MANIFEST}.json", metadata.as_json(manifest)),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for path, data in entries:
            package.writestr(path, data)
    return ArchivePackage(f"arkivpakke-{root}.zip", buffer.getvalue(), len(entries))


def _listed(path: str, data: bytes) -> dict:
    return {
        "sti": path,
        "sjekksum": hashlib.sha256(data).hexdigest(),
        "sjekksumAlgoritme": "SHA256",
        "filstoerrelse": len(data),
    }


def verify_package(data: bytes) -> list[str]:
    """What is wrong with a package, if anything: a file the manifest lists that is
    missing or differs from its SHA-256 or size, a file it does not list, an XML file
    the schema refuses."""
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        manifests = [name for name in names if name.endswith(f"/{MANIFEST}.json")]
        if len(manifests) != 1:
            return ["The package has no manifest.json in its folder."]
        root = manifests[0].rsplit("/", 1)[0]
        manifest = json.loads(package.read(manifests[0]))
        listed = {f["sti"]: f for d in manifest["dokumenter"] for f in d["filer"]}
        for path, expected in listed.items():
            if path not in names:
                problems.append(f"{path}: missing")
                continue
            content = package.read(path)
            if hashlib.sha256(content).hexdigest() != expected["sjekksum"]:
                problems.append(f"{path}: does not match its SHA-256")
            elif len(content) != expected["filstoerrelse"]:
                problems.append(f"{path}: not the size the manifest gives")
        manifest_files = {f"{root}/{MANIFEST}.json", f"{root}/{MANIFEST}.xml"}
        unlisted = names - set(listed) - manifest_files
        problems += [f"{path}: not in the manifest" for path in sorted(unlisted)]
        for path in sorted(names):
            if path.endswith(".xml"):
                problems += [f"{path}: {error}" for error in schema_problems(package.read(path))]
    return problems


@lru_cache(maxsize=1)
def _schema():
    from lxml import etree  # loaded only where a package is checked

    return etree.XMLSchema(etree.parse(str(metadata.SCHEMA)))


def schema_problems(xml: bytes) -> list[str]:
    """Where the XML breaks the package's schema (publicaccess/schema/arkivpakke.xsd)."""
    from lxml import etree

    schema = _schema()
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [str(error)]
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
