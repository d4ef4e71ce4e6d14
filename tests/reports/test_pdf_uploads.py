"""PDF attachments by an allow-list (issue 26, finding 1): a generated corpus of hostile
PDFs, each refused in the admin's attachment form and by the validator itself, in plain
and in evasive forms (escaped names, object streams, broken cross-reference tables, deep
nesting, the issue's `(stream` … `(endstream)` trick). A clean PDF and a PDF/A pass the
same paths, and what is stored (and served) is qpdf's rewritten file."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, String

from reports.models import Attachment
from reports.pdf_safety import checked_pdf
from reports.uploads import validate_attachment
from ror_portal.roles import Role
from tests.factories import CaseFactory
from tests.reports.case_form import case_form

TAIL = (
    ", og det godtar ikke portalen. Skriv den ut til PDF på nytt (uten lenker, skjemafelt "
    "eller vedlagte filer) og legg ved den nye filen."
)


def refused(feature: str, name: str = "vedlegg.pdf") -> str:
    return f"{name} inneholder {feature}{TAIL}"


JAVASCRIPT = refused("JavaScript")
XFA = refused("et XFA-skjema")
EMBEDDED = refused("innebygde filer")
MEDIA = refused("video, lyd eller 3D-innhold")


def action_refused(kind: str) -> str:
    return refused(f"en lenke eller handling av typen {kind}")


# Building PDFs with pikepdf


def written(pdf: pikepdf.Pdf, **save) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **save)
    return buffer.getvalue()


def one_page(build=None, **save) -> bytes:
    """A one-page PDF; build(pdf) adds the feature under test."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    if build is not None:
        build(pdf)
    return written(pdf, **save)


CLEAN = one_page()


def action(kind: str, **entries) -> Dictionary:
    return Dictionary({"/S": Name(kind), **{f"/{key}": value for key, value in entries.items()}})


def script() -> Dictionary:
    return action("/JavaScript", JS=String("app.alert(1)"))


def on_catalog(key: str, make):
    def build(pdf):
        pdf.Root[Name(key)] = make(pdf)

    return build


def on_page(key: str, make):
    def build(pdf):
        pdf.pages[0].obj[Name(key)] = make(pdf)

    return build


def annotation(subtype: str, **entries):
    return on_page(
        "/Annots",
        lambda pdf: Array(
            [
                pdf.make_indirect(
                    Dictionary(
                        {
                            "/Type": Name.Annot,
                            "/Subtype": Name(subtype),
                            "/Rect": Array([0, 0, 50, 50]),
                            **{f"/{key}": value for key, value in entries.items()},
                        }
                    )
                )
            ]
        ),
    )


def embedded(data: bytes):
    def build(pdf):
        pdf.attachments["vedlegg.pdf"] = pikepdf.AttachedFileSpec(pdf, data)

    return build


def script_in_object_stream() -> bytes:
    """The catalog and the action compressed in an object stream, out of a byte scan's
    sight."""
    data = one_page(
        on_catalog("/OpenAction", lambda pdf: pdf.make_indirect(script())),
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    assert b"/ObjStm" in data and b"JavaScript" not in data and b"/JS" not in data
    return data


# Writing PDFs by hand, for what pikepdf would not write


def raw_pdf(catalog: bytes = b"", info: bytes = b"", xref_shift: int = 0) -> bytes:
    """A one-page PDF with `catalog` in its catalog and `info` in /Info; its
    cross-reference table points `xref_shift` bytes off (0: a correct table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << >> >>",
        b"<< /Producer (ROR) " + info + b" >>",
    ]
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 5\n0000000000 65535 f \n"
    data += b"".join(b"%010d 00000 n \n" % (offset + xref_shift) for offset in offsets)
    return data + b"trailer << /Size 5 /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def without_xref(data: bytes) -> bytes:
    """The file with no cross-reference table at all, nor a pointer to one."""
    start, end = data.index(b"xref\n"), data.index(b"trailer")
    return data[:start] + data[end:].split(b"startxref")[0] + b"%%EOF\n"


RAW_SCRIPT = b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
NESTED = b"/Deep " + b"[" * 500 + b"]" * 500


def the_issues_trick(catalog: bytes) -> bytes:
    """Issue 26's evasion: 500 nested arrays in /Info (pypdf gave up), and strings that
    made the old byte scan cut everything between `(stream` and `(endstream)`."""
    return raw_pdf(catalog=b"/X (stream\n) " + catalog, info=b"/Title (endstream) " + NESTED)


# Each: (the hostile file, its refusal), with a clean control where the file is hand-made.
CORPUS = {
    # JavaScript
    "open-action-javascript": (
        one_page(on_catalog("/OpenAction", lambda pdf: script())),
        JAVASCRIPT,
    ),
    "document-javascript": (
        one_page(
            on_catalog(
                "/Names",
                lambda pdf: Dictionary(
                    JavaScript=Dictionary(Names=Array([String("a"), pdf.make_indirect(script())]))
                ),
            )
        ),
        JAVASCRIPT,
    ),
    "page-opened-javascript": (
        one_page(on_page("/AA", lambda pdf: Dictionary(O=script()))),
        JAVASCRIPT,
    ),
    "link-javascript": (one_page(annotation("/Link", A=script())), JAVASCRIPT),
    "javascript-after-a-goto": (
        one_page(
            on_catalog(
                "/OpenAction",
                lambda pdf: action("/GoTo", D=Array([pdf.pages[0].obj, Name.Fit]), Next=script()),
            )
        ),
        JAVASCRIPT,
    ),
    "javascript-in-an-object-stream": (script_in_object_stream(), JAVASCRIPT),
    # actions that fetch, open, send or run
    "launch": (
        one_page(on_catalog("/OpenAction", lambda pdf: action("/Launch", F=String("cmd.exe")))),
        action_refused("Launch"),
    ),
    "open-action-uri": (
        one_page(
            on_catalog("/OpenAction", lambda pdf: action("/URI", URI=String("https://x.invalid/")))
        ),
        action_refused("URI"),
    ),
    "link-uri": (
        one_page(annotation("/Link", A=action("/URI", URI=String("https://x.invalid/")))),
        action_refused("URI"),
    ),
    "gotor-to-a-share": (
        one_page(
            on_catalog(
                "/OpenAction",
                lambda pdf: action(
                    "/GoToR", F=String(r"\\host\share\x.pdf"), D=Array([0, Name.Fit])
                ),
            )
        ),
        action_refused("GoToR"),
    ),
    "gotoe": (
        one_page(on_catalog("/OpenAction", lambda pdf: action("/GoToE", D=Array([0, Name.Fit])))),
        action_refused("GoToE"),
    ),
    "submit-form": (
        one_page(
            on_catalog("/OpenAction", lambda pdf: action("/SubmitForm", F=String("https://x")))
        ),
        action_refused("SubmitForm"),
    ),
    "import-data": (
        one_page(on_catalog("/OpenAction", lambda pdf: action("/ImportData", F=String("x.fdf")))),
        action_refused("ImportData"),
    ),
    "reset-form-on-closing": (
        one_page(on_catalog("/AA", lambda pdf: Dictionary(WC=action("/ResetForm")))),
        action_refused("ResetForm"),
    ),
    "hide": (
        one_page(on_catalog("/OpenAction", lambda pdf: action("/Hide", T=String("felt")))),
        action_refused("Hide"),
    ),
    "named-print": (
        one_page(on_catalog("/OpenAction", lambda pdf: action("/Named", N=Name("/Print")))),
        action_refused("Named (Print)"),
    ),
    "unknown-action": (
        one_page(on_catalog("/OpenAction", lambda pdf: action("/SetOCGState"))),
        action_refused("SetOCGState"),
    ),
    # forms, files, media
    "xfa": (
        one_page(
            on_catalog(
                "/AcroForm",
                lambda pdf: Dictionary(
                    Fields=Array(),
                    XFA=pdf.make_stream(b"<xdp:xdp><script>app.alert(1)</script></xdp:xdp>"),
                ),
            )
        ),
        XFA,
    ),
    "embedded-file": (one_page(embedded(b"MZ program")), EMBEDDED),
    "embedded-pdf-with-javascript": (
        one_page(embedded(one_page(on_catalog("/OpenAction", lambda pdf: script())))),
        EMBEDDED,
    ),
    "file-attachment-annotation": (one_page(annotation("/FileAttachment")), EMBEDDED),
    "rich-media": (one_page(annotation("/RichMedia")), MEDIA),
    "3d": (one_page(annotation("/3D")), MEDIA),
    "movie": (one_page(annotation("/Movie")), MEDIA),
    "sound": (one_page(annotation("/Sound")), MEDIA),
    "screen": (one_page(annotation("/Screen")), MEDIA),
    # evasive forms, by hand
    "escaped-names": (
        raw_pdf(catalog=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        JAVASCRIPT,
    ),
    "escaped-xfa": (raw_pdf(catalog=b"/AcroForm << /Fields [] /X#46A (x) >>"), XFA),
    "broken-cross-reference-table": (raw_pdf(catalog=RAW_SCRIPT, xref_shift=7), JAVASCRIPT),
    "no-cross-reference-table": (without_xref(raw_pdf(catalog=RAW_SCRIPT)), JAVASCRIPT),
    "nested-arrays-and-stream-strings": (
        the_issues_trick(
            b"/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (x) >>] >> >>"
        ),
        JAVASCRIPT,
    ),
    "nested-arrays-and-an-open-action-uri": (
        the_issues_trick(b"/OpenAction << /S /URI /URI (https://x.invalid/) >>"),
        action_refused("URI"),
    ),
}

# The hand-made files without the refused thing: each passes, so the refusals above are
# for the feature, not for the way the file is made.
CONTROLS = {
    "one-page": CLEAN,
    "escaped-names": raw_pdf(catalog=b"/OpenAction [3 0 R /F#69t]"),
    "broken-cross-reference-table": raw_pdf(xref_shift=7),
    "no-cross-reference-table": without_xref(raw_pdf()),
    "nested-arrays-and-stream-strings": the_issues_trick(b""),
    "object-stream": one_page(object_stream_mode=pikepdf.ObjectStreamMode.generate),
}


def pdf_a() -> bytes:
    """A PDF/A-2a as the portal writes its own (WeasyPrint, reports/pdf_writer.py)."""
    from reports.pdf_writer import write_pdf

    return write_pdf(
        "<html lang='nb'><head><title>Referat</title>"
        "<link rel='stylesheet' href='/static/css/fonts.css'>"  # the fonts it may use
        "<style>body { font-family: 'Source Sans 3' }</style></head>"
        "<body><h1>Styremøte</h1><p>Referat.</p></body></html>"
    )


def page_navigation(pdf):
    """What an ordinary PDF has: a page to open at, links between pages, page turning."""
    page = pdf.pages[0].obj
    pdf.Root.OpenAction = Array([page, Name.Fit])
    pdf.Root.AA = Dictionary(WC=action("/Named", N=Name("/FirstPage")))
    annotation("/Link", A=action("/GoTo", D=Array([page, Name.Fit])))(pdf)
    page.Annots.append(
        pdf.make_indirect(
            Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 9, 9], Dest=[page, Name.Fit])
        )
    )


ACCEPTED = {**CONTROLS, "page-navigation": one_page(page_navigation)}


def validated(content: bytes, name: str = "vedlegg.pdf") -> bytes:
    """The file the validator leaves to be stored."""
    file = SimpleUploadedFile(name, content)
    validate_attachment(file)
    assert file.tell() == 0
    assert file.size == len(file.read())
    file.seek(0)
    return file.read()


def refusal(content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("vedlegg.pdf", content))
    return error.value.messages


# The validator


@pytest.mark.parametrize(("content", "message"), CORPUS.values(), ids=CORPUS.keys())
def test_the_validator_refuses_each_hostile_pdf(content, message):
    assert validated(CLEAN).startswith(b"%PDF-")  # control: the same path takes a clean one

    assert refusal(content) == [message]


@pytest.mark.parametrize("content", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_a_clean_pdf_is_accepted_and_replaced_by_the_rewritten_file(content):
    stored = validated(content)

    assert stored == checked_pdf(content, "vedlegg.pdf")
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert len(pdf.pages) == 1
        assert pdf.get_warnings() == []
    # written by qpdf: every object on its own, none in an object stream
    assert b"/ObjStm" not in stored


def test_a_pdf_a_is_accepted_and_stays_a_pdf_a():
    content = pdf_a()

    stored = validated(content)

    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2A"


def test_a_broken_cross_reference_table_is_stored_repaired():
    broken = CONTROLS["broken-cross-reference-table"]
    with pikepdf.open(io.BytesIO(broken)) as pdf:
        assert pdf.get_warnings() != []  # qpdf had to rebuild the table

    stored = validated(broken)

    assert stored != broken
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert pdf.get_warnings() == []
        assert len(pdf.pages) == 1


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\nno objects at all\n%%EOF\n", b"%PDF-1.5\n" + b"\x00" * 200],
    ids=["no-objects", "zeros"],
)
def test_a_file_qpdf_cannot_read_is_refused_with_its_name(content):
    assert validated(CLEAN).startswith(b"%PDF-")  # control

    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("Årsrapport 2024.pdf", content))
    assert error.value.messages == [
        "Årsrapport 2024.pdf kan ikke leses som PDF-fil og kan derfor ikke kontrolleres."
    ]


def test_a_password_protected_pdf_is_refused():
    protected = one_page(encryption=pikepdf.Encryption(user="hemmelig", owner="eier"))

    assert refusal(protected) == [
        "PDF-filen er beskyttet med passord og kan ikke kontrolleres. Legg den ved uten passord."
    ]


def test_a_pdf_with_only_an_owner_password_is_checked_and_stored_without_encryption():
    restricted = one_page(
        encryption=pikepdf.Encryption(
            user="", owner="eier", allow=pikepdf.Permissions(print_lowres=False, extract=False)
        )
    )
    assert refusal(
        one_page(
            on_catalog("/OpenAction", lambda pdf: script()),
            encryption=pikepdf.Encryption(user="", owner="eier"),
        )
    ) == [JAVASCRIPT]

    stored = validated(restricted)

    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert not pdf.is_encrypted


# The admin: the form a user meets


def upload_in_admin(client, case, content: bytes):
    data = case_form(case, attachment_titles=["Vedlegg"])
    data["attachments-0-file"] = SimpleUploadedFile("vedlegg.pdf", content)
    return client.post(reverse("admin:reports_case_change", args=[case.pk]), data)


@pytest.fixture
def admin_and_case(client_for, db):
    return client_for(Role.ADMINISTRATOR), CaseFactory()


@pytest.mark.parametrize(("content", "message"), CORPUS.values(), ids=CORPUS.keys())
def test_the_admin_refuses_each_hostile_pdf(admin_and_case, content, message):
    admin, case = admin_and_case

    response = upload_in_admin(admin, case, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    # control: the same form takes a clean PDF
    assert upload_in_admin(admin, case, CLEAN).status_code == 302
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(
    "made",
    [
        lambda: CONTROLS["broken-cross-reference-table"],
        lambda: CONTROLS["nested-arrays-and-stream-strings"],
        pdf_a,
    ],
    ids=["broken-cross-reference-table", "nested-arrays", "pdf-a"],
)
def test_the_admin_stores_and_serves_the_rewritten_file(admin_and_case, made):
    admin, case = admin_and_case
    content = made()

    assert upload_in_admin(admin, case, content).status_code == 302

    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as stored:
        data = stored.read()
    assert data == checked_pdf(content, "vedlegg.pdf") != content
    served = admin.get(attachment.get_absolute_url())
    assert b"".join(served.streaming_content) == data


def test_a_large_upload_on_disk_is_stored_rewritten_too(admin_and_case, settings):
    """Above FILE_UPLOAD_MAX_MEMORY_SIZE the upload is a temporary file, which the storage
    would otherwise move into place by its path, unread."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    admin, case = admin_and_case
    broken = CONTROLS["broken-cross-reference-table"]
    assert len(broken) > 100

    assert upload_in_admin(admin, case, broken).status_code == 302

    with Attachment.objects.get().file.open("rb") as stored:
        assert stored.read() == checked_pdf(broken, "vedlegg.pdf") != broken
    assert upload_in_admin(admin, case, CORPUS["open-action-uri"][0]).status_code == 200
    assert Attachment.objects.count() == 1


def test_saving_the_case_again_keeps_a_stored_attachment_as_it_is(admin_and_case):
    admin, case = admin_and_case
    assert upload_in_admin(admin, case, CLEAN).status_code == 302
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as stored:
        before = stored.read()
    data = case_form(case, attachment_titles=["Vedlegg"]) | {
        "attachments-INITIAL_FORMS": 1,
        "attachments-0-id": attachment.pk,
        "attachments-0-case": case.pk,
        "attachments-0-title": "Nytt navn",
    }

    response = admin.post(reverse("admin:reports_case_change", args=[case.pk]), data)

    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.title == "Nytt navn"
    with attachment.file.open("rb") as stored:
        assert stored.read() == before
