import re

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from ror_portal.roles import Role
from support import admin_import
from support.models import Category, Ticket
from tests.factories import UserFactory
from tests.html_validator import html_errors
from tests.support.test_import import csv_file, message, ticket, xlsx_file

UPLOAD = "admin:support_ticket_import"
CONFIRM = "admin:support_ticket_import_confirm"


def upload(client, data: bytes, name: str = "eksport.csv"):
    return client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, data)})


def token_in(html: str) -> str:
    return re.search(r'name="upload" value="([^"]+)"', html).group(1)


def stored_uploads(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "imports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


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

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:support_ticket_changelist")
    assert Ticket.objects.count() == 2
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
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
    ]
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
    monkeypatch.setattr(admin_import, "MAX_UPLOAD_BYTES", 1024 * 1024)

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


@pytest.mark.django_db
def test_staff_without_the_add_permission_may_not_import(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse(UPLOAD)).status_code == 403
    assert client.post(reverse(CONFIRM), {"upload": "x"}).status_code == 403


@pytest.mark.django_db
def test_the_import_pages_are_valid_html(admin_client, tmp_path):
    good = upload(admin_client, csv_file([ticket()]).getvalue())
    bad = upload(admin_client, csv_file([ticket(Kommune="Oslo")]).getvalue())
    pages = {
        "upload": admin_client.get(reverse(UPLOAD)).content.decode(),
        "upload with errors": admin_client.post(reverse(UPLOAD), {}).content.decode(),
        "check": good.content.decode(),
        "check with errors": bad.content.decode(),
    }

    assert html_errors(pages, tmp_path) == []
