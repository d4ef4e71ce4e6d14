"""Attachments: checked by content, stored under a name the uploader cannot steer."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from reports.pdf_safety import checked_pdf
from reports.uploads import MAX_ATTACHMENT_BYTES, attachment_path, validate_attachment
from ror_portal.roles import Role
from tests.factories import CaseFactory
from tests.reports.case_form import case_form

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + b"\xff\xd9"


def zipped(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<xml/>")
    return buffer.getvalue()


def workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Kommune"
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(file) -> list[str]:
    with pytest.raises(ValidationError) as error:
        validate_attachment(file)
    return error.value.messages


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", PDF),
        ("Skjermbilde.PNG", PNG),
        ("bilde.jpg", JPEG),
        ("bilde.jpeg", JPEG),
        ("budsjett.xlsx", workbook_bytes()),
        ("budsjett.xlsx", zipped("[Content_Types].xml", "xl/workbook.xml")),
        ("notat.docx", zipped("[Content_Types].xml", "word/document.xml")),
    ],
)
def test_allowed_files_pass_and_are_rewound(name, content):
    file = upload(name, content)
    file.read(3)

    assert validate_attachment(file) is None
    assert file.tell() == 0
    # a PDF is replaced by qpdf's rewritten file (tests/reports/test_pdf_uploads.py)
    assert file.read() == (checked_pdf(content, name) if name.endswith(".pdf") else content)


@pytest.mark.parametrize("name", ["virus.exe", "side.html", "uten-endelse", "arkiv.zip"])
def test_other_file_types_are_refused_with_the_file_name(name):
    messages = refusal(upload(name, PDF))

    assert messages == [f"{name}: bare PDF-, XLSX-, DOCX-, PNG- og JPEG-filer kan legges ved."]


def test_refusal_names_only_the_file_not_its_folders():
    messages = refusal(upload("../../tmp/virus.exe", b"MZ"))

    assert messages[0].startswith("virus.exe: bare PDF-")
    assert ".." not in messages[0]


def test_pdf_whose_content_is_a_png_is_refused():
    messages = refusal(upload("faktura.pdf", PNG))

    assert messages == ["Innholdet i filen er ikke PDF, selv om navnet slutter på .pdf."]


def test_png_whose_content_is_html_is_refused():
    messages = refusal(upload("bilde.png", b"<html><script>alert(1)</script></html>"))

    assert messages == ["Innholdet i filen er ikke PNG, selv om navnet slutter på .png."]


def test_docx_that_is_not_a_zip_is_refused():
    messages = refusal(upload("notat.docx", b"Dette er ren tekst, ikke Word."))

    assert messages == ["Innholdet i filen er ikke DOCX, selv om navnet slutter på .docx."]


def test_docx_with_zip_signature_but_broken_archive_is_refused():
    messages = refusal(upload("notat.docx", b"PK\x03\x04" + b"\x00" * 40))

    assert messages == ["Filen er ikke en lesbar DOCX-fil."]


def test_zip_named_xlsx_without_workbook_is_refused():
    messages = refusal(upload("budsjett.xlsx", zipped("word/document.xml", "annet.txt")))

    assert messages == ["Filen er ikke en lesbar XLSX-fil."]


def test_workbook_named_docx_is_refused():
    messages = refusal(upload("notat.docx", workbook_bytes()))

    assert messages == ["Filen er ikke en lesbar DOCX-fil."]


def test_file_over_20_mb_is_refused():
    file = upload("stor.pdf", PDF)
    file.size = MAX_ATTACHMENT_BYTES + 1

    assert refusal(file) == ["Filen er større enn 20 MB."]


def test_file_of_exactly_20_mb_is_allowed():
    file = upload("akkurat.pdf", PDF)
    file.size = 20 * 1024 * 1024

    assert validate_attachment(file) is None


def test_attachment_path_cannot_be_steered():
    path = attachment_path(None, "../../etc/Passwd Æ ø.PDF")

    assert path.startswith("attachments/")
    assert path.count("/") == 1
    assert ".." not in path
    assert " " not in path
    assert path.endswith(".pdf")
    assert re.fullmatch(r"attachments/[0-9a-f]{12}-[a-z0-9-]+\.pdf", path), path


def test_attachment_path_is_unique_per_upload_and_keeps_a_readable_stem():
    first = attachment_path(None, "Referat styremøte.docx")
    second = attachment_path(None, "Referat styremøte.docx")

    assert first != second
    assert first.endswith(".docx")
    assert first.split("-", 1)[1].startswith("referat-styrem")


def test_norwegian_letters_are_spelt_out_in_the_stored_name():
    path = attachment_path(None, "Referat styremøte på Ørsta.docx")

    assert path.split("-", 1)[1] == "referat-styremote-paa-orsta.docx"


def test_attachment_path_without_usable_stem_falls_back_to_vedlegg():
    path = attachment_path(None, "«»!.png")

    assert re.fullmatch(r"attachments/[0-9a-f]{12}-vedlegg\.png", path), path


@pytest.mark.parametrize(
    ("name", "refused"), [("å" * 1_000 + ".png", True), ("vedlegg.png", False)]
)
def test_a_too_long_attachment_name_is_told_in_the_case_form(client_for, db, name, refused):
    """Issue 26, finding 8: the name as a browser sends it (the test client would cut it to
    255), through the case's attachment form; it was a bare «Bad Request (400)». The
    message is Django's own for the model field's 100 characters."""
    case = CaseFactory()
    fields = case_form(case, attachment_titles=["Vedlegg"])
    boundary = "GRENSE"
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments-0-file";'
        f' filename="{name}"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + PNG
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = client_for(Role.ADMINISTRATOR).post(
        reverse("admin:reports_case_change", args=[case.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )

    assert response.status_code == (200 if refused else 302)
    assert ("Filnavnet er for langt: høyst 100 tegn." in response.content.decode()) is refused
    assert case.attachments.count() == (0 if refused else 1)
