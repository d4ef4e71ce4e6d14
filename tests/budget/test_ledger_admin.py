"""The ledger import in the admin: upload, the check page, confirm; what it shows and saves."""

import os
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.models import LedgerImport, LedgerRule, MonthlyActual
from ror_portal.roles import Role
from tests.budget.ledger_files import ledger_csv, lines_with_rules, posting
from tests.html_validator import html_errors

UPLOAD = "admin:budget_ledgerimport_upload"
CONFIRM = "admin:budget_ledgerimport_confirm"
ROWS = [
    posting("10100", "1 000,50"),
    posting("11951", "-1 250,50", ansvar="7120"),
    posting("14700", "9,99", text="Overføring Hustadvika"),
    posting("17900", "20", text="Internfordeling"),
]


def upload(client, data: bytes, name: str = "hovedbok-2024-01.csv"):
    """Upload, and follow the check's job (done where it is queued, in the tests) on to
    the page that shows what the import would do."""
    return client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, data)}, follow=True)


def token_in(html: str) -> str:
    return re.search(r'name="upload" value="([^"]+)"', html).group(1)


def row(html: str, table: str, header: str) -> list[str]:
    """The cells of the row headed ``header`` in the table with id ``table``."""
    body = re.search(rf'<table id="{table}">(.*?)</table>', html, re.S).group(1)
    cells = re.search(rf"<th scope=\"row\">{re.escape(header)}</th>(.*?)</tr>", body, re.S)
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells.group(1), re.S)]


@pytest.fixture
def admin_client(client_for):
    return client_for(Role.ADMINISTRATOR)


@pytest.fixture
def doubly_mapped(db):
    lines = lines_with_rules()
    LedgerRule.objects.create(line=lines["Lønn"], art="17900")
    LedgerRule.objects.create(line=lines["Lisenser"], art="17900")
    return lines


def test_upload_check_then_confirm_saves_the_month(admin_client, doubly_mapped):
    MonthlyActual.objects.create(line=doubly_mapped["Lisenser"], month=1, amount=Decimal(5))

    response = upload(admin_client, ledger_csv(ROWS))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen har 4 posteringer for januar 2024." in html
    assert row(html, "ledger-lines", "Lønn") == ["1\u00a0000,50", "–", "100\u00a0000,00"]
    assert row(html, "ledger-lines", "Lisenser") == ["0,00", "5,00", "50\u00a0000,00"]
    assert row(html, "ledger-lines", "Sum drift") == ["−250,00", "5,00", "150\u00a0000,00"]
    assert row(html, "ledger-reconciliation", "Ikke fordelt (1 postering)") == ["9,99"]
    assert row(html, "ledger-reconciliation", "Fordelt to ganger, i ingen post (1 postering)") == [
        "20,00"
    ]
    assert row(html, "ledger-reconciliation", "Sum i filen") == ["−220,01"]
    assert "stemmer med filens sum, på øret." in html
    assert "Overføring Hustadvika" in html and "Lisenser; Lønn" in html
    assert row(html, "ledger-changes", "Lisenser") == ["januar", "5,00", "0,00"]
    assert MonthlyActual.objects.get().amount == 5  # nothing saved before the confirmation

    response = admin_client.post(reverse(CONFIRM), {"upload": token_in(html)}, follow=True)

    assert "Regnskapstallene fra hovedbok-2024-01.csv er lagret: 4 endret." in (
        response.content.decode()
    )
    saved = dict(MonthlyActual.objects.values_list("line__name", "amount"))
    assert saved == {
        "Lønn": Decimal("1000.50"),
        "Lisenser": Decimal(0),
        "Skolelisenser": Decimal("-1250.50"),
        "Nettverk": Decimal(0),
    }
    record = LedgerImport.objects.get()
    unmapped = (record.unmapped, record.unmapped_amount, record.doubly_mapped)
    assert unmapped == (1, Decimal("9.99"), 1)

    html = upload(admin_client, ledger_csv(ROWS)).content.decode()
    assert "Regnskapstallene har allerede det filen har: importen endrer ingenting." in html
    assert 'name="upload"' not in html  # nothing to confirm
    assert LedgerImport.objects.count() == 1


def test_a_file_with_errors_is_listed_and_not_kept(admin_client, doubly_mapped, settings):
    html = upload(admin_client, ledger_csv([posting("10100", "1.250")])).content.decode()

    assert "Filen ble avvist, og ingenting ble lagret. Feil: 1." in html
    assert "«1.250» er tvetydig" in html
    assert not list((settings.MEDIA_ROOT / "ledger").iterdir())


def test_only_those_who_enter_actuals_may_import(client_for, doubly_mapped):
    board = client_for(Role.BOARD_MEMBER)
    response = board.post(reverse(UPLOAD), {"file": SimpleUploadedFile("h.csv", b"x")})
    assert response.status_code in (302, 403)
    assert not MonthlyActual.objects.exists()


def test_the_ledger_pages_are_valid_html(admin_client, doubly_mapped):
    changelist = reverse("admin:budget_budgetline_changelist")
    pages = {
        "upload": admin_client.get(reverse(UPLOAD)).content.decode(),
        "check": upload(admin_client, ledger_csv(ROWS)).content.decode(),
        "rejected": upload(admin_client, ledger_csv([posting("x", "1")])).content.decode(),
        "imports": admin_client.get(
            reverse("admin:budget_ledgerimport_changelist")
        ).content.decode(),
        "rules": admin_client.get(reverse("admin:budget_ledgerrule_changelist")).content.decode(),
        "rule": admin_client.get(reverse("admin:budget_ledgerrule_add")).content.decode(),
        "format": admin_client.get(reverse("admin:budget_ledgerformat_add")).content.decode(),
        "budget lines": admin_client.get(changelist).content.decode(),
    }
    token = token_in(pages["check"])
    admin_client.post(reverse(CONFIRM), {"upload": token})
    line = doubly_mapped["Lønn"]
    history = admin_client.get(reverse("admin:budget_budgetline_history", args=[line.pk]))
    pages["history"] = history.content.decode()
    assert "Hovedbokfil hovedbok-2024-01.csv" in pages["history"]

    assert html_errors(pages) == []


def test_a_name_too_long_is_refused_and_stale_uploads_are_removed(
    admin_client, doubly_mapped, settings
):
    folder = settings.MEDIA_ROOT / "ledger"
    folder.mkdir(parents=True)
    stale = folder / "old.csv"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))  # checked long ago, never confirmed

    response = upload(admin_client, ledger_csv(ROWS), name="h" * 201 + ".csv")
    assert "Filnavnet er for langt: høyst 200 tegn." in response.content.decode()
    assert stale.exists()

    upload(admin_client, ledger_csv(ROWS))
    assert not stale.exists()
    assert len(list(folder.iterdir())) == 1  # the new upload, kept for its confirmation
