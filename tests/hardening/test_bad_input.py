"""Bad input of every kind: refused with a clear message, nothing stored half."""

import io
import zipfile

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from reports.publishing import report_publish
from ror_portal.roles import Role
from support.importing import check_tickets, import_tickets
from support.models import Ticket
from tests.factories import CaseFactory, MonthlyReportFactory, SectionFactory

pytestmark = pytest.mark.django_db
HEADER = "Saksnr;Type;Kategori;Prioritet;Kommune;Opprettet;Første respons;Løst;Status;Emne"


def xlsx_bomb() -> bytes:
    """A real workbook whose sheet unpacks to ~300 MB of zeros-compressible XML."""
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(";"))
    workbook.save(buffer)
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/padding.xml", b" " * (300 * 1024 * 1024))
    return bomb.getvalue()


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_unpacked():
    summary = check_tickets(io.BytesIO(xlsx_bomb()), "eksport.xlsx")
    assert not summary.ok
    assert "MB" in summary.errors[0]
    assert Ticket.objects.count() == 0


def test_dates_out_of_range_are_errors_naming_the_row():
    rows = [
        HEADER,
        "1;Feilmelding;Nett;Lav;Molde;31.02.2024 10:00;;;Åpen;x",
        "2;Feilmelding;Nett;Lav;Molde;01.01.10000 10:00;;;Åpen;x",
    ]
    summary = import_tickets(io.BytesIO("\n".join(rows).encode()), "eksport.csv")
    assert not summary.ok
    assert any("2" in error and "31.02.2024" in error for error in summary.errors)
    assert any("3" in error and "01.01.10000" in error for error in summary.errors)
    assert Ticket.objects.count() == 0


def test_scripts_and_event_handlers_in_texts_are_escaped_in_html_and_pdf(client_for, administrator):
    report = MonthlyReportFactory()
    SectionFactory(
        report=report,
        title='<script>alert("tittel")</script>',
        body="<img src=x onerror=alert(1)> **fet** <script>alert(2)</script>",
    )
    CaseFactory(
        meeting=report.meeting,
        title="<b onmouseover=alert(3)>Sak</b>",
        proposed_decision="<script>alert(4)</script>Forslag",
    )
    version = report_publish(report=report, user=administrator)
    with version.html.open("rb") as stored:
        html = stored.read().decode()
    assert "<script>" not in html and "onerror" not in html
    assert "&lt;script&gt;alert(&quot;tittel&quot;)&lt;/script&gt;" in html
    assert "<strong>fet</strong>" in html
    meeting = client_for(Role.BOARD_MEMBER).get("/moter/2024-M1/").content.decode()
    assert "<b onmouseover" not in meeting and "&lt;b onmouseover=alert(3)&gt;" in meeting
    assert "<script>alert(4)" not in meeting


def test_every_form_requires_the_csrf_token(board_member, administrator):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("login"), {"username": "styre", "password": "x"}).status_code == 403
    strict.force_login(administrator)
    for url in [
        reverse("logout"),
        reverse("password_change"),
        reverse("admin:budget_budgetline_actuals") + "?year=2024&month=1",
        reverse("admin:support_ticket_import"),
    ]:
        assert strict.post(url, {}).status_code == 403, url
