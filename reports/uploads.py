"""Attachments: only the file types a board case needs, checked by content, stored
under a name the uploader cannot steer (no ``../``, no odd characters)."""

import io
import re
import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ror_portal.downloads import NORWEGIAN_ASCII

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# extension → what the first bytes must be (a zip for the Office formats)
SIGNATURES = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".xlsx": b"PK\x03\x04",
    ".docx": b"PK\x03\x04",
}
# the part an Office file of each kind must contain
OFFICE_PARTS = {".xlsx": "xl/workbook.xml", ".docx": "word/document.xml"}


def validate_attachment(file) -> None:
    extension = PurePath(file.name).suffix.lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            _("%(name)s: only PDF, XLSX, DOCX, PNG and JPEG files can be attached."),
            params={"name": PurePath(file.name).name},
        )
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not %(kind)s, though its name ends in %(extension)s."),
            params={"kind": extension[1:].upper(), "extension": extension},
        )
    if extension in OFFICE_PARTS:
        try:
            with zipfile.ZipFile(file) as archive:
                if OFFICE_PARTS[extension] not in archive.namelist():
                    raise zipfile.BadZipFile
        except zipfile.BadZipFile:
            raise ValidationError(
                _("The file is not a readable %(kind)s file."),
                params={"kind": extension[1:].upper()},
            ) from None
        finally:
            file.seek(0)
    if extension == ".pdf":
        _refuse_active_pdf(file)


# What a PDF viewer may run: scripts, other programs, actions on opening, page views,
# form fields (/AA, "additional actions"). As dictionary keys or as an action's /S.
ACTIVE_PDF_NAMES = frozenset({"/JavaScript", "/JS", "/Launch", "/AA"})


def _refuse_active_pdf(file) -> None:
    """Refuse a PDF that a board member's viewer would run code from.

    Read with pypdf, which sees what a byte scan misses: names spelt with #-escapes
    (/J#61vaScript) and dictionaries inside compressed object streams, where most PDF
    writers of today put them. A file pypdf cannot read (a hand-made or damaged one) is
    scanned as bytes outside its streams, and refused if it has object streams the scan
    cannot see into."""
    data = file.read()
    file.seek(0)
    names: set[str] | None
    try:
        names = _pdf_names(data)
    except _EncryptedPDF:
        raise ValidationError(
            _("The PDF is protected by a password and cannot be checked; attach it without one.")
        ) from None
    except Exception:  # pypdf raises many kinds on a damaged file
        names = _pdf_names_as_bytes(data)
        if names is None:
            raise ValidationError(_("The file is not a readable PDF file.")) from None
    if names & ACTIVE_PDF_NAMES:
        raise ValidationError(
            _(
                "The PDF contains JavaScript or actions that start programs, which the portal "
                "does not accept. Print it to PDF again (or save it as PDF/A) and attach "
                "the new file."
            )
        )


class _EncryptedPDF(Exception):
    pass


def _pdf_names(data: bytes) -> set[str]:
    """Every dictionary key and name value reachable from the PDF's trailer."""
    import pypdf  # only the process that takes an upload pays for it
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise _EncryptedPDF
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()
    pending = [reader.trailer]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            names.update(item.keys())
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, NameObject):
            names.add(str(item))
    return names


_STREAM_CONTENT = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_NAME = re.compile(rb"/[^\s/\[\]()<>{}%]*")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_names_as_bytes(data: bytes) -> set[str] | None:
    """The names written in the file outside its streams, #-escapes decoded; None if it
    has compressed object streams, whose names only a PDF reader can see."""
    outside_streams = _STREAM_CONTENT.sub(b" ", data)
    names = {
        _ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), name).decode("latin-1")
        for name in _NAME.findall(outside_streams)
    }
    return None if "/ObjStm" in names else names


def attachment_path(attachment, filename: str) -> str:
    name = PurePath(filename)
    stem = slugify(name.stem.translate(NORWEGIAN_ASCII))[:80] or "vedlegg"
    return f"attachments/{uuid.uuid4().hex[:12]}-{stem}{name.suffix.lower()}"
