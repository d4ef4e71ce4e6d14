"""A PDF attachment a viewer would run code from (JavaScript, launch actions, actions
on opening or on pages) is refused, also when the names are #-escaped or sit in a
compressed object stream; ordinary PDFs pass."""

import io

import pydyf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from reports.uploads import validate_attachment

REFUSED = (
    "PDF-filen inneholder JavaScript eller handlinger som starter programmer, og det godtar "
    "ikke portalen. Skriv den ut til PDF på nytt (eller lagre den som PDF/A) og legg ved den "
    "nye filen."
)


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def one_page(**catalog) -> bytes:
    """A one-page PDF as pypdf writes it, with the given entries in its catalog."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for key, value in catalog.items():
        writer._root_object[NameObject(f"/{key}")] = value
    return written(writer)


def action(kind: str, **entries) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind)}
        | {NameObject(f"/{key}"): value for key, value in entries.items()}
    )


def refusal(content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("vedlegg.pdf", content))
    return error.value.messages


@pytest.mark.parametrize(
    "content",
    [
        one_page(),
        # "Open at page 1, whole page": what Word and many writers put in /OpenAction.
        one_page(OpenAction=ArrayObject([NumberObject(0), NameObject("/Fit")])),
        one_page(OpenAction=action("/URI", URI=TextStringObject("https://ror-ikt.no/"))),
    ],
)
def test_an_ordinary_pdf_is_accepted(content):
    file = SimpleUploadedFile("vedlegg.pdf", content)
    assert validate_attachment(file) is None
    assert file.read() == content  # rewound for saving


@pytest.mark.parametrize(
    "content",
    [
        one_page(OpenAction=action("/JavaScript", JS=TextStringObject("app.alert(1)"))),
        one_page(OpenAction=action("/Launch", F=TextStringObject("cmd.exe"))),
        one_page(
            Names=DictionaryObject(
                {
                    NameObject("/JavaScript"): DictionaryObject(
                        {NameObject("/Names"): ArrayObject([TextStringObject("x")])}
                    )
                }
            )
        ),
        one_page(AA=DictionaryObject({NameObject("/WC"): action("/ResetForm")})),
    ],
    ids=["open-action-javascript", "launch", "document-javascript", "additional-actions"],
)
def test_a_pdf_with_scripts_or_launch_actions_is_refused(content):
    assert refusal(content) == [REFUSED]


def test_a_script_in_a_compressed_object_stream_is_refused():
    """Invisible to a scan of the bytes: the catalog and the action are compressed."""
    pdf = pydyf.PDF()
    script = pydyf.Dictionary({"S": "/JavaScript", "JS": pydyf.String("app.alert(1)")})
    pdf.add_object(script)
    pdf.catalog["OpenAction"] = script.reference
    pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference}))
    buffer = io.BytesIO()
    pdf.write(buffer, compress=True)
    assert b"JavaScript" not in buffer.getvalue()

    assert refusal(buffer.getvalue()) == [REFUSED]


def test_a_damaged_pdf_is_scanned_with_its_escaped_names_decoded():
    """pypdf cannot read it (no cross-reference table); a viewer may still repair it."""
    damaged = b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (x) >> >>"
    assert refusal(damaged + b" endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n") == [REFUSED]


def test_a_damaged_pdf_with_object_streams_cannot_be_checked_and_is_refused():
    damaged = (
        b"%PDF-1.5\n1 0 obj << /Type /ObjStm /N 1 /First 4 /Length 3 >>\nstream\nabc\nendstream"
    )
    assert refusal(damaged + b" endobj\n%%EOF\n") == ["Filen er ikke en lesbar PDF-fil."]


def test_a_password_protected_pdf_cannot_be_checked_and_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="hemmelig", owner_password="eier", algorithm="RC4-128")

    assert refusal(written(writer)) == [
        "PDF-filen er beskyttet med passord og kan ikke kontrolleres. Legg den ved uten passord."
    ]
