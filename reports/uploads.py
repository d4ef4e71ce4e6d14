"""Attachments: only the file types a board case needs, checked by content, stored
under a name the uploader cannot steer (no ``../``, no odd characters). A PDF is stored
as qpdf rewrote it, after the check of that rewritten file (reports/pdf_safety.py)."""

import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from reports.pdf_safety import checked_pdf
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
        _put_checked_pdf_in_place(file)


def _put_checked_pdf_in_place(file) -> None:
    """Check the PDF and put qpdf's rewritten file in place of the upload, so that what
    is stored (and served to the board) is the file the check read (reports/pdf_safety.py).

    The validator is where every uploaded attachment passes (the admin runs it in the
    model's full_clean), so it is where the file is replaced."""
    data = file.read()
    file.seek(0)
    rewritten = checked_pdf(data, file.name)
    if isinstance(file, FieldFile):
        if not getattr(file, "_committed", True):  # a new upload: the model saves .file
            file.file = ContentFile(rewritten, name=file.name)
        return  # a stored file is checked again, and kept as it was stored
    # Written into the upload itself: a large upload is a temporary file the storage
    # moves by its path.
    file.truncate(0)
    file.write(rewritten)
    file.seek(0)
    file.size = len(rewritten)


def attachment_path(attachment, filename: str) -> str:
    name = PurePath(filename)
    stem = slugify(name.stem.translate(NORWEGIAN_ASCII))[:80] or "vedlegg"
    return f"attachments/{uuid.uuid4().hex[:12]}-{stem}{name.suffix.lower()}"
