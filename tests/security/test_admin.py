import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from budget import demo as budget_demo
from ror_portal.roles import Role
from security import demo
from security.models import DocumentStatus, SecurityAgreement
from tests.budget.publishing import publish_accounts
from tests.security.agreement_form import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    budget_demo.load()
    demo.load()
    return SecurityAgreement.objects.get()


def test_the_document_control_is_a_fieldset_of_its_own(agreement, client_for):
    url = reverse("admin:security_securityagreement_change", args=[agreement.pk])
    page = BeautifulSoup(client_for(Role.ADMINISTRATOR).get(url).content, "html.parser")
    [fieldset] = [f for f in page("fieldset") if f.find(string="Dokumentkontroll")]
    labels = [" ".join(label.get_text().split()) for label in fieldset("label")]
    assert labels == [
        "Dokumenttittel:", "Dokumentversjon:", "Dokumentstatus:", "Godkjent dato:",
        "Godkjent av:", "Dokumentansvarlig:",
    ]  # fmt: skip
    assert fieldset.find("input", attrs={"name": "document_version"})["value"] == "06.02.2024"
    assert fieldset.find("input", attrs={"name": "approved_on"})["value"] == "06.02.2024"
    [selected] = fieldset.find("select", attrs={"name": "document_status"})("option", selected=True)
    assert selected.get_text() == "Godkjent"


def test_the_demo_moves_the_document_control_out_of_the_subject(agreement):
    assert (agreement.document_status, agreement.approved_on) == (
        DocumentStatus.APPROVED,
        datetime.date(2024, 2, 6),
    )
    assert agreement.subject == "Saken gjelder anskaffelse av sikkerhetspartner."


def test_a_server_count_above_the_top_price_tier_is_refused(agreement, client_for):
    from security.models import ServerCount

    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:security_securityagreement_change", args=[agreement.pk])
    data = form_data(client.get(url).content.decode())
    extra = int(data["server_counts-TOTAL_FORMS"]) - 1  # the empty row the inline offers
    data |= {f"server_counts-{extra}-date": "20.02.2024", f"server_counts-{extra}-count": "600"}
    counts = ServerCount.objects.count()

    response = client.post(url, data)

    assert response.status_code == 200
    assert (
        "600 servere er mer enn høyeste prisnivå (500); avtal en pris først."
        in response.content.decode()
    )
    assert ServerCount.objects.count() == counts
    data[f"server_counts-{extra}-count"] = "480"
    assert client.post(url, data).status_code == 302
    assert ServerCount.objects.count() == counts + 1


def test_a_count_above_the_tiers_already_saved_leaves_the_finance_page_whole(agreement, client_for):
    """Saved before this check (or a tier lowered since): the agreement's item cannot be
    split, and the page says so instead of failing."""
    from security.models import ServerCount

    ServerCount.objects.create(agreement=agreement, date=datetime.date(2024, 2, 20), count=600)
    publish_accounts(2024, 1)  # the February report, figures as of 01.03.2024
    response = client_for(Role.FINANCE).get("/okonomi/?ar=2024&til=1")
    assert response.status_code == 200
    assert "kan ikke fordeles ennå" in response.content.decode()


def test_a_monthly_price_is_whole_kroner(agreement, client_for):
    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:security_securityagreement_change", args=[agreement.pk])
    data = form_data(client.get(url).content.decode())
    assert data["tiers-0-monthly_price"] == "107\xa0450"  # shown back without øre
    data["tiers-0-monthly_price"] = "130 000,50"
    html = client.post(url, data).content.decode()
    assert "«130 000,50» er ikke hele kroner." in html
    data["tiers-0-monthly_price"] = "130 000"
    assert client.post(url, data).status_code == 302
    assert agreement.tiers.order_by("servers_up_to").first().monthly_price == 130_000
