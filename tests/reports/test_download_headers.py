"""Every file the portal hands out is kept out of shared caches (drafts are not stored at
all) and named safely, with Norwegian letters as RFC 5987 ``filename*``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budget import demo as budget_demo
from budget.models import CostItem
from reports.models import Attachment
from reports.publishing import case_document_publish
from ror_portal.downloads import content_disposition
from ror_portal.roles import Role
from security import demo as security_demo
from tests.budget.publishing import publish_accounts
from tests.factories import KEY_2024, CaseFactory, ReportVersionFactory, allocation_key

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_published_pdf_and_csv_are_private_but_may_be_kept(client_for):
    ReportVersionFactory()
    client = client_for(Role.BOARD_MEMBER)

    pdf = client.get("/rapporter/2024-01/pdf/")
    version_pdf = client.get("/rapporter/2024-01/versjon/1/pdf/")
    csv = client.get("/rapporter/2024-01/versjon/1/tall/3.csv")

    for response in (pdf, version_pdf, csv):
        assert response.status_code == 200
        assert cache_control(response) == {"private"}
    assert pdf["Content-Disposition"] == 'attachment; filename="ror-ikt-manedsrapport-2024-01.pdf"'
    assert version_pdf["Content-Disposition"] == (
        'attachment; filename="ror-ikt-manedsrapport-2024-01-versjon-1.pdf"'
    )
    assert csv["Content-Disposition"] == 'attachment; filename="ror-ikt-2024-01-3.csv"'


def test_the_draft_pdf_and_csv_are_not_stored(client_for, report_with_glossary):
    client = client_for(Role.ADMINISTRATOR)

    pdf = client.get("/rapporter/2024-01/utkast/pdf/", follow=True)  # made by the job
    csv = client.get("/rapporter/2024-01/utkast/tall/2.csv")

    assert pdf.content.startswith(b"%PDF-")
    assert cache_control(pdf) == {"private", "no-store"}
    assert (
        pdf["Content-Disposition"] == 'inline; filename="ror-ikt-manedsrapport-2024-01-utkast.pdf"'
    )
    assert cache_control(csv) == {"private", "no-store"}
    assert csv["Content-Disposition"] == 'attachment; filename="ror-ikt-2024-01-2.csv"'


def test_a_case_pdf_is_private(client_for, administrator):
    budget_demo.load()
    security_demo.load()
    case = CaseFactory(number="2024/M1-004", document_block="security.case_document")
    case_document_publish(case=case, user=administrator)

    response = client_for(Role.ADMINISTRATOR).get("/saker/2024-M1-004/pdf/")

    assert cache_control(response) == {"private"}
    assert response["Content-Disposition"] == 'attachment; filename="saksframlegg-2024-M1-004.pdf"'


def test_the_workbooks_are_private(client_for):
    key = allocation_key(2024, KEY_2024)
    CostItem.objects.create(year=2024, name="SOC+", key=key, amount=1_864_000)
    publish_accounts(2024, 12)  # finance sees the periods of published reports
    client = client_for(Role.FINANCE)

    for url, name in [
        ("/okonomi/kostnadsfordeling-2024.xlsx", "kostnadsfordeling-2024.xlsx"),
        ("/okonomi/kostnadsfordeling-2024-molde.xlsx", "kostnadsfordeling-2024-molde.xlsx"),
    ]:
        response = client.get(url)
        assert cache_control(response) == {"private"}
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_an_attachment_is_private_with_a_safe_name(client_for):
    attachment = Attachment.objects.create(
        case=CaseFactory(),
        title="Vedlegg",
        file=SimpleUploadedFile('../"Årsrapport"\r\nX-Evil: 1.pdf', b"%PDF-1.7 x"),
    )

    # An administrator sees the case whether or not it is published.
    response = client_for(Role.ADMINISTRATOR).get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert cache_control(response) == {"private"}
    assert response["Content-Disposition"] == 'attachment; filename="aarsrapport-x-evil-1.pdf"'


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("rapport.pdf", 'attachment; filename="rapport.pdf"'),
        (
            "Årsrapport Ørsta.pdf",
            'attachment; filename="Aarsrapport Orsta.pdf"; '
            "filename*=UTF-8''%C3%85rsrapport%20%C3%98rsta.pdf",
        ),
        ('../..\\"etc"/passwd.pdf', 'attachment; filename="passwd.pdf"'),
        ('"rapport" <1>.pdf', 'attachment; filename="_rapport_ _1_.pdf"'),
        ("a\r\nSet-Cookie: x=1.pdf", 'attachment; filename="a_Set-Cookie_ x=1.pdf"'),
        ("\x00\x1f\x7f.pdf", 'attachment; filename="_.pdf"'),
        (
            "kronekurs €.csv",
            "attachment; filename=\"kronekurs _.csv\"; filename*=UTF-8''kronekurs%20%E2%82%AC.csv",
        ),
        ("", 'attachment; filename="fil"'),
    ],
)
def test_a_file_name_from_user_data_is_made_safe(name, header):
    assert content_disposition(name) == header
