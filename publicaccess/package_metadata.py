"""What the archive package says of each document and of itself, in XML and in JSON.

One description (a dict) per document is written twice: as JSON, and as XML whose
elements carry the Noark 5 metadata number they map to (``noark="M008"``), so that the
archive can take them into its own system. Only numbers checked against Noark 5's
metadata catalogue are given; a field Noark has no element for (the case number of a
meeting case, the PDF/A variant) has none. The schema (schema/arkivpakke.xsd) fixes
each element's number, so a package cannot say another.

The names are Noark's own (ASCII spelling: moetenummer, offentligTittel); the values
an archivist reads (document type, restriction) are Norwegian whatever the portal's
language, as the archive records them."""

import datetime
import hashlib
import io
import json
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.utils import timezone

from reports.models import BoardMeeting

NAMESPACE = "urn:ror-ikt:arkivpakke:1"
SCHEMA = Path(__file__).with_name("schema") / "arkivpakke.xsd"

# Noark 5 metadata numbers (metadatakatalog), by element name.
NOARK = {
    "versjonsnummer": "M005",
    "moetenummer": "M008",
    "tittel": "M020",
    "offentligTittel": "M025",
    "dokumenttype": "M083",
    "moetedato": "M102",
    "utvalg": "M370",
    "moetested": "M371",
    "tilgangsrestriksjon": "M500",
    "skjermingshjemmel": "M501",
    "skjermingDokument": "M503",
    "opprettetDato": "M600",
    "opprettetAv": "M601",
    "variantformat": "M700",
    "format": "M701",
    "sjekksum": "M705",
    "sjekksumAlgoritme": "M706",
    "filstoerrelse": "M707",
}
# A list's items, each an element of this name inside the list's element.
LIST_ITEMS = {"unntak": "del", "filer": "fil", "dokumenter": "dokument"}

# M500: the restriction's code, and M503: what of the document is withheld. The public
# edition is the document with the withheld parts replaced by a line, so what the
# archive gets is always a partly withheld document beside its public variant.
RESTRICTED = "UO"  # unntatt offentlighet
PARTLY_WITHHELD = "Skjerming av deler av dokumentet"
# M700's values: the board's document as archived, and the public one.
ARCHIVE_FORMAT = "Arkivformat"
PUBLIC_VARIANT = "Dokument hvor deler av innholdet er skjermet"


class DocumentType:
    """M083 dokumenttype: what each document is, as an archive names it."""

    REPORT = "Månedsrapport"
    CASE_DOCUMENT = "Saksframlegg"
    MINUTES = "Protokoll"
    MEETING_BOOK = "Møtebok"
    NOTICE = "Møteinnkalling"


class Role:
    """Which edition a file is: the board's, or the public's."""

    BOARD = "styre"
    PUBLIC = "offentlig"


@dataclass(frozen=True)
class PackageFile:
    name: str  # in its document's folder: styre.pdf
    role: str
    data: bytes = field(repr=False)
    variant: str = ARCHIVE_FORMAT

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    @cached_property
    def pdf_format(self) -> str:
        return pdf_format(self.data)


@dataclass
class PackageDocument:
    """A published document as the package holds it: its files and what is known of it."""

    folder: str  # saksframlegg-2024-M1-004-v1
    document_type: str
    title: str
    public_title: str
    version: int
    published_at: datetime.datetime
    published_by: str
    withheld: list[dict] = field(default_factory=list)  # [{"what": …, "basis": …}]
    case_number: str = ""
    note: str = ""  # how the document came to be, where the archivist should know it
    files: list[PackageFile] = field(default_factory=list)


def pdf_format(data: bytes) -> str:
    """«PDF/A-2B», as the PDF's XMP metadata declares its PDF/A part and conformance;
    «PDF» for a PDF that declares none. The XMP stream is compressed, so it is read
    with qpdf (pikepdf), which the portal has for its uploads."""
    import pikepdf  # loaded only where a package is made

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            status = pdf.open_metadata().pdfa_status
    except pikepdf.PdfError:  # its SHA-256 is as published: what it is, qpdf cannot say
        status = ""
    return f"PDF/A-{status}" if status else "PDF"


def meeting_description(meeting: BoardMeeting) -> dict:
    described = {
        "utvalg": meeting.body,
        "moetenummer": meeting.number,
        "moetedato": meeting.date.isoformat(),
    }
    if meeting.place:
        described["moetested"] = meeting.place
    return described


def restriction(withheld: list[dict]) -> dict | None:
    """M500, M501 and M503 of a document, and each part withheld with its basis; None
    when nothing is withheld."""
    if not withheld:
        return None
    bases = list(dict.fromkeys(item["basis"] for item in withheld if item["basis"]))
    return {
        "tilgangsrestriksjon": RESTRICTED,
        "skjermingshjemmel": "; ".join(bases),
        "skjermingDokument": PARTLY_WITHHELD,
        "unntak": [{"hva": item["what"], "hjemmel": item["basis"]} for item in withheld],
    }


def document_description(meeting: BoardMeeting, document: PackageDocument) -> dict:
    described: dict = {
        "dokumenttype": document.document_type,
        "moete": meeting_description(meeting),
    }
    if document.case_number:
        described["saksnummer"] = document.case_number
    described |= {
        "tittel": document.title,
        "offentligTittel": document.public_title,
        "versjonsnummer": document.version,
        "opprettetDato": iso(document.published_at),
    }
    if document.published_by:  # the meeting book is made by the portal, not by a person
        described["opprettetAv"] = document.published_by
    if skjerming := restriction(document.withheld):
        described["skjerming"] = skjerming
    if document.note:
        described["merknad"] = document.note
    described["filer"] = [
        {
            "filnavn": file.name,
            "rolle": file.role,
            "variantformat": file.variant,
            "format": file.pdf_format,
            "sjekksum": file.sha256,
            "sjekksumAlgoritme": "SHA256",
            "filstoerrelse": file.size,
        }
        for file in document.files
    ]
    return described


def iso(moment: datetime.datetime) -> str:
    """ISO 8601 in Norwegian time, with its offset: 2024-02-07T10:15:00+01:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


@lru_cache(maxsize=1)
def portal_version() -> str:
    """The portal's version, from pyproject.toml; empty where it is not beside the code."""
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as project:
            return str(tomllib.load(project)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return ""


def as_json(described: dict) -> bytes:
    """The description as JSON, with the Noark number of each of its fields beside it."""
    numbers = {name: NOARK[name] for name in sorted(_names(described)) if name in NOARK}
    return json.dumps(
        {**described, "noark": numbers}, ensure_ascii=False, indent=2, sort_keys=False
    ).encode("utf-8")


def _names(value) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(_names(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_names(v) for v in value))
    return set()


def as_xml(root: str, described: dict) -> bytes:
    """The description as XML in the package's namespace, each element that Noark
    has with its number as ``noark``."""
    element = ElementTree.Element(root, xmlns=NAMESPACE)
    _fill(element, described)
    ElementTree.indent(element)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True) + b"\n"


def _fill(parent: ElementTree.Element, described: dict) -> None:
    for name, value in described.items():
        child = ElementTree.SubElement(parent, name)
        if name in NOARK:
            child.set("noark", NOARK[name])
        if isinstance(value, dict):
            _fill(child, value)
        elif isinstance(value, list):
            for item in value:
                _fill(ElementTree.SubElement(child, LIST_ITEMS[name]), item)
        else:
            child.text = str(value)
