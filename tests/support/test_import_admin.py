import dataclasses
import io
import os
import re
import threading
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

import support.tasks
from jobs.models import Job
from jobs.progress import start_job
from ror_portal import reading
from ror_portal.formatting import format_datetime
from ror_portal.roles import Role
from support import admin_import
from support.importing import SAVING
from support.models import Category, Ticket, TicketImport
from support.tasks import import_upload
from tests.factories import UserFactory
from tests.html_validator import html_errors
from tests.support.import_pages import CONFIRM, UPLOAD, stored_uploads, token_in, upload
from tests.support.messages import message
from tests.support.ticket_files import csv_file, ticket, xlsx_file


@pytest.fixture
def admin_client(client_for):
    return client_for(Role.ADMINISTRATOR)


@pytest.mark.django_db
def test_the_upload_page_has_a_file_form(admin_client):
    response = admin_client.get(reverse(UPLOAD))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file" name="file"' in html
    assert "Saksnr, Type, Kategori" in html


@pytest.mark.django_db
def test_upload_shows_what_would_change_then_confirm_saves(admin_client, settings):
    rows = [ticket("1"), ticket("2", Kategori="Skrivere")]

    response = upload(admin_client, csv_file(rows).getvalue())

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<th scope=\"row\">[^<]+</th><td>2</td>", html)  # two new tickets
    assert "Nettverk, Skrivere" in html
    assert Ticket.objects.count() == 0  # nothing saved before the confirmation
    assert Category.objects.count() == 0
    assert len(stored_uploads(settings)) == 1

    response = admin_client.post(reverse(CONFIRM), {"upload": token_in(html)})

    job = Job.objects.get(key__startswith="import:")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert Ticket.objects.count() == 2
    outcome = (
        message("The tickets from %(file)s are imported.", file="eksport.csv")
        + " "
        + message(
            "New tickets: %(new)s. Changed: %(changed)s. Unchanged: %(unchanged)s.",
            new=2,
            changed=0,
            unchanged=0,
        )
        + " "
        + message("New categories: %(names)s.", names="Nettverk, Skrivere")
    )
    assert (job.status, job.message, job.done, job.total) == ("done", outcome, 2, 2)
    page = admin_client.get(response["Location"]).content.decode()
    assert outcome in page
    assert f'href="{reverse("admin:support_ticket_changelist")}"' in page
    assert stored_uploads(settings) == []  # the upload is removed once imported


@pytest.mark.django_db
def test_an_xlsx_upload_is_checked_and_imported(admin_client, settings):
    rows = [[42.0, "Feilmelding", "Nettverk", "Lav", "Vestnes", "02.01.2024 10:00"]]

    html = upload(admin_client, xlsx_file(rows).getvalue(), "Eksport.xlsx").content.decode()
    assert stored_uploads(settings)[0].endswith(".xlsx")
    admin_client.post(reverse(CONFIRM), {"upload": token_in(html)})

    assert Ticket.objects.get().number == "42"


@pytest.mark.django_db
def test_a_file_with_errors_lists_them_and_cannot_be_confirmed(admin_client, settings):
    rows = [ticket("1"), ticket("2", Kommune="Ålesund"), ticket("3", Opprettet="i morgen")]

    response = upload(admin_client, csv_file(rows).getvalue())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ålesund" in html
    assert "i morgen" in html
    assert html.count("<li>") >= 2
    assert 'name="upload"' not in html  # no confirm button
    assert reverse(CONFIRM) not in html
    assert Ticket.objects.count() == 0
    assert stored_uploads(settings) == []


@pytest.mark.django_db
def test_a_tampered_reference_imports_nothing(admin_client, settings, tmp_path):
    other = tmp_path / "annen.csv"
    other.write_bytes(csv_file([ticket("9")]).getvalue())
    html = upload(admin_client, csv_file([ticket("1")]).getvalue()).content.decode()
    token = token_in(html)
    forged = token.replace(
        token.split(":")[0], signing.b64_encode(b'{"path":"../annen.csv"}').decode()
    )

    for bad in [forged, token[:-2] + "xx", "", signing.dumps({"path": "x"}, salt="annet")]:
        response = admin_client.post(reverse(CONFIRM), {"upload": bad})
        assert response.status_code == 302
        assert response["Location"] == reverse(UPLOAD)

    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == _(
        "The upload is no longer available or not valid. Upload the file again."
    )
    assert Ticket.objects.count() == 0
    # the genuine reference still works, once
    admin_client.post(reverse(CONFIRM), {"upload": token})
    assert list(Ticket.objects.values_list("number", flat=True)) == ["1"]
    response = admin_client.post(reverse(CONFIRM), {"upload": token})
    assert response["Location"] == reverse(UPLOAD)


@pytest.mark.django_db
def test_a_too_large_upload_is_refused_with_a_message(admin_client, settings, monkeypatch):
    smaller = dataclasses.replace(admin_import.TICKET_IMPORT, max_upload_bytes=1024 * 1024)
    monkeypatch.setattr(admin_import, "TICKET_IMPORT", smaller)

    response = upload(admin_client, b"x" * (3 * 1024 * 1024 + 10))

    assert response.status_code == 200
    assert message("The file is %(size)s MB; the limit is %(limit)s MB.", size=3, limit=1) in (
        response.content.decode()
    )
    assert stored_uploads(settings) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.FINANCE])
def test_others_than_administrators_may_not_import(client_for, role, settings):
    client = client_for(role)

    assert client.get(reverse(UPLOAD)).status_code == 403
    assert upload(client, csv_file([ticket()]).getvalue()).status_code == 403
    assert client.post(reverse(CONFIRM), {"upload": "x"}).status_code == 403
    assert Ticket.objects.count() == 0
    assert stored_uploads(settings) == []
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_staff_without_the_add_permission_may_not_import(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse(UPLOAD)).status_code == 403
    assert client.post(reverse(CONFIRM), {"upload": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_import_pages_are_valid_html(admin_client):
    good = upload(admin_client, csv_file([ticket()]).getvalue())
    bad = upload(admin_client, csv_file([ticket(Kommune="Oslo")]).getvalue())
    pages = {
        "upload": admin_client.get(reverse(UPLOAD)).content.decode(),
        "upload with errors": admin_client.post(reverse(UPLOAD), {}).content.decode(),
        "check": good.content.decode(),
        "check with errors": bad.content.decode(),
    }

    assert html_errors(pages) == []


@pytest.mark.django_db
def test_the_check_counts_the_rows_and_is_told_on_its_job(admin_client):
    upload(admin_client, csv_file([ticket(str(n)) for n in range(2500)]).getvalue())

    job = Job.objects.get()
    assert (job.status, job.step, job.detail) == (
        "done",
        "Kontrollerer radene",
        "Rad 1\xa0000 av 2\xa0500",
    )
    assert (job.done, job.total, job.result["rows"]) == (2500, 2500, 2500)
    assert job.result_url == reverse("admin:support_ticket_import_checked", args=[job.pk])


@pytest.mark.django_db
def test_the_same_export_confirmed_twice_is_imported_once(admin_client, client_for, settings):
    """Two tabs or two administrators confirm the same check before the worker begins:
    one import; the second is shown the first one's job."""
    html = upload(admin_client, csv_file([ticket("1"), ticket("2")]).getvalue()).content.decode()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    colleague = client_for(Role.ADMINISTRATOR)

    first = admin_client.post(reverse(CONFIRM), {"upload": token_in(html)})
    second = colleague.post(reverse(CONFIRM), {"upload": token_in(html)})

    job = Job.objects.get(key__startswith="import:")
    assert first["Location"] == second["Location"] == reverse("jobs:job", args=[job.pk])
    assert [str(m) for m in get_messages(second.wsgi_request)] == [
        message(
            "This file is being imported already (started %(when)s by %(who)s).",
            when=format_datetime(job.started_at),
            who=job.started_by,
        )
    ]
    assert job.status == "queued"
    [queued] = DBTaskResult.objects.all()
    import_upload.call(*queued.args_kwargs["args"])  # as the worker does it
    assert TicketImport.objects.count() == 1
    assert Ticket.objects.count() == 2


@pytest.mark.django_db
def test_a_job_is_shown_only_to_who_started_it(admin_client):
    upload(admin_client, csv_file([ticket(Kommune="Oslo")]).getvalue())
    job = Job.objects.get()
    urls = [reverse("jobs:job", args=[job.pk]), reverse("jobs:state", args=[job.pk]),
            reverse("admin:support_ticket_import_checked", args=[job.pk])]  # fmt: skip

    def status_codes(role):
        other = Client()
        other.force_login(UserFactory(role=role))
        return [other.get(url).status_code for url in urls]

    assert status_codes(Role.ADMINISTRATOR) == [404] * 3
    assert status_codes(Role.BOARD_MEMBER) == [403] * 3
    assert admin_client.get(urls[1]).json()["finished"] is True


def start_import(administrator, rows, title="Import av eksport.csv"):
    stored = default_storage.save("imports/eksport.csv", ContentFile(csv_file(rows).getvalue()))
    return start_job(
        import_upload,
        title=title,
        user=administrator,
        key=f"import:{stored}",
        # as the check of these rows (created 15.01.2024) would have found
        arguments={
            "path": stored,
            "name": "eksport.csv",
            "rows": len(rows),
            "earliest": "2024-01-15",
        },
    )[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "told"),
    [
        (
            IntegrityError("duplicate key value violates unique constraint"),
            "En annen import lagret noen av de samme sakene i samme øyeblikk, så ingenting "
            "fra eksport.csv ble lagret.",
        ),
        (
            OperationalError("database is locked"),
            "Databasen var opptatt med å lagre noe annet (en annen import eller en "
            "publisering), så ingenting fra eksport.csv ble lagret.",
        ),
    ],
)
def test_an_import_that_loses_to_another_saving_is_told_in_words(
    administrator, monkeypatch, error, told
):
    def at_the_same_time(*args, **kwargs):
        raise error

    monkeypatch.setattr("support.tasks.import_checked", at_the_same_time)
    job = start_import(administrator, [ticket("1")])
    job.refresh_from_db()

    assert job.status == "failed" and job.message.startswith(told)
    assert (job.result_url, job.result["link"]) == (reverse(UPLOAD), "Last opp på nytt")
    assert not default_storage.exists(job.arguments["path"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer: no race")
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_tickets_at_once_save_one(
    migration_data, administrator, monkeypatch
):
    """The second import's insert waits for the first one's uncommitted tickets, then
    finds them: it is rolled back whole and told why, never a traceback."""
    first_saved_a_batch, go_on = threading.Event(), threading.Event()
    real_rows_told = support.tasks._rows_told

    def pausing(progress, total):
        told = real_rows_told(progress, total)

        def pause_the_first(stage, rows):
            told(stage, rows)
            if progress.job.title == "A" and stage == SAVING and rows == 2000:
                first_saved_a_batch.set()
                go_on.wait(30)

        return pause_the_first

    monkeypatch.setattr(support.tasks, "_rows_told", pausing)
    rows = [ticket(str(n)) for n in range(1, 2501)]
    jobs = {}

    def run(title):
        try:
            jobs[title] = start_import(administrator, rows, title=title)
        finally:
            connection.close()  # the thread's own

    first = threading.Thread(target=run, args=("A",))
    first.start()
    assert first_saved_a_batch.wait(30)
    second = threading.Thread(target=run, args=("B",))
    second.start()
    second.join(2)  # B checked the file and now waits on A's uncommitted tickets
    go_on.set()
    first.join(30)
    second.join(30)

    a, b = (Job.objects.get(pk=jobs[title].pk) for title in "AB")
    assert (a.status, b.status) == ("done", "failed")
    assert b.message.startswith("En annen import lagret noen av de samme sakene")
    assert (Ticket.objects.count(), TicketImport.objects.count()) == (2500, 1)


# Messages that say what is wrong (issue 26, finding 8), through the upload form


def listed_errors(response) -> list[str]:
    return re.findall(r"<li>([^<]*)</li>", response.content.decode())


@pytest.mark.django_db
def test_a_field_over_the_csv_limit_is_named_by_row_and_column(admin_client):
    too_long = upload(admin_client, csv_file([ticket("1", Emne="x" * 131_073)]).getvalue())
    at_limit = upload(admin_client, csv_file([ticket("1", Emne="x" * 131_072)]).getvalue())

    assert "Rad 2, kolonne Emne: feltet er for langt (over 131\xa0072 tegn)." in listed_errors(
        too_long
    )
    assert 'name="upload"' not in too_long.content.decode()
    assert 'name="upload"' in at_limit.content.decode()  # the control: the limit itself passes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")],
)
def test_a_utf16_or_utf32_file_is_told_its_encoding(admin_client, encoding, name):
    response = upload(admin_client, csv_file([ticket("1")], encoding=encoding).getvalue())

    assert listed_errors(response) == [
        f"Filen er i tegnkodingen {name}, som ikke støttes: lagre den som UTF-8 eller Windows-1252."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_utf8_or_windows_file_is_not_taken_for_utf16(admin_client, encoding):
    response = upload(admin_client, csv_file([ticket("1")], encoding=encoding).getvalue())

    assert 'name="upload"' in response.content.decode()


def multipart_with_file_name(name: str, data: bytes) -> bytes:
    """A form body as a browser sends it: the test client would cut the name to 255."""
    return (
        b'--GRENSE\r\nContent-Disposition: form-data; name="file"; filename="'
        + name.encode()
        + b'"\r\nContent-Type: text/csv\r\n\r\n'
        + data
        + b"\r\n--GRENSE--\r\n"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("length", [201, 1_000, 2_000])
def test_a_too_long_file_name_is_told_in_the_form(admin_client, settings, length):
    body = multipart_with_file_name("å" * length + ".csv", csv_file([ticket("1")]).getvalue())

    response = admin_client.post(
        reverse(UPLOAD), body, content_type="multipart/form-data; boundary=GRENSE"
    )

    assert response.status_code == 200  # was a bare «Bad Request (400)» from 1 000
    assert "Filnavnet er for langt: høyst 200 tegn." in response.content.decode()
    assert stored_uploads(settings) == []


@pytest.mark.django_db
def test_a_file_name_of_200_characters_is_checked(admin_client, settings):
    body = multipart_with_file_name("å" * 196 + ".csv", csv_file([ticket("1")]).getvalue())

    response = admin_client.post(
        reverse(UPLOAD), body, content_type="multipart/form-data; boundary=GRENSE", follow=True
    )

    assert 'name="upload"' in response.content.decode()
    assert len(stored_uploads(settings)) == 1


# Workbooks read within bounds (issue 26, finding 7), through the upload form


def padded_workbook(part: str, size: int) -> bytes:
    """A real workbook with a 700 KB random part (which kept the old packing ratio low) and
    ``part`` replaced by ``size`` bytes of highly compressible XML, written a chunk at a time."""
    source = zipfile.ZipFile(xlsx_file([ticket_cells("1")]))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/image1.png", os.urandom(700 * 1024))
        with target.open(part, "w") as stream:
            stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            filler = b"<si><t>x</t></si>" * (1024 * 1024 // 17)
            for _chunk in range(size // len(filler) + 1):
                stream.write(filler)
            stream.write(b"</sst>")
    return packed.getvalue()


def ticket_cells(number: str) -> list:
    return [float(number), "Feilmelding", "Nettverk", "Lav", "Vestnes", "02.01.2024 10:00"]


@pytest.fixture
def unpacked_bytes(monkeypatch) -> dict[str, int]:
    """Bytes unpacked from each part, by whoever reads it (the check, then openpyxl)."""
    counted: dict[str, int] = {}
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = read(self, n)
        counted[self.name] = counted.get(self.name, 0) + len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return counted


@pytest.mark.django_db
def test_a_padded_shared_strings_bomb_is_refused_unread(admin_client, unpacked_bytes):
    bomb = padded_workbook("xl/sharedStrings.xml", 48 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024  # under 1 MB, as in the finding

    response = upload(admin_client, bomb, "Eksport.xlsx")

    assert listed_errors(response) == [
        "XLSX-filen pakkes ut til mer enn 32 MB i xl/sharedStrings.xml, langt mer enn en"
        " eksport; avvist. Eksporter den som CSV i stedet."
    ]
    # refused by its declared size before a byte of it was unpacked (zipfile never unpacks
    # past that size); the limits themselves are counted while unpacking, test below
    assert unpacked_bytes.get("xl/sharedStrings.xml", 0) == 0


@pytest.mark.django_db
def test_shared_strings_under_the_limit_are_read(admin_client, unpacked_bytes):
    """The control: the same padding with 8 MB of shared strings is checked and read."""
    response = upload(admin_client, padded_workbook("xl/sharedStrings.xml", 8 * 1024 * 1024))

    assert listed_errors(response) == []
    assert 'name="upload"' in response.content.decode()  # may be imported
    assert unpacked_bytes["xl/sharedStrings.xml"] > 8 * 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "part", "named"),
    [
        ("MAX_SHEET_BYTES", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("MAX_OTHER_PART_BYTES", "xl/styles.xml", "xl/styles.xml"),
        ("MAX_UNPACKED_BYTES", "xl/worksheets/sheet1.xml", "hele arbeidsboken"),
    ],
)
def test_each_part_and_the_whole_are_bounded(
    admin_client, unpacked_bytes, monkeypatch, limit, part, named
):
    monkeypatch.setattr(reading, limit, 4 * 1024 * 1024)  # the real ones: see ror_portal/reading.py

    response = upload(admin_client, padded_workbook(part, 6 * 1024 * 1024), "Eksport.xlsx")

    assert listed_errors(response) == [
        f"XLSX-filen pakkes ut til mer enn 4 MB i {named}, langt mer enn en eksport; avvist."
        " Eksporter den som CSV i stedet."
    ]
    assert sum(unpacked_bytes.values()) <= 5 * 1024 * 1024 + 700 * 1024 + 64 * 1024


@pytest.mark.django_db
def test_a_part_that_declares_a_false_size_is_unreadable(admin_client):
    good = xlsx_file([ticket_cells("1")]).getvalue()
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    # the local and central headers' uncompressed size, made smaller than the part is
    forged = good.replace(sheet.file_size.to_bytes(4, "little"), (100).to_bytes(4, "little"))
    assert forged != good

    response = upload(admin_client, forged, "Eksport.xlsx")

    assert listed_errors(response)[0].startswith("Filen er ikke en lesbar XLSX-arbeidsbok")
