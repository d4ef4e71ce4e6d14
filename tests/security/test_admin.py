import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from budget import demo as budget_demo
from ror_portal.roles import Role
from security import demo
from security.models import DocumentStatus, SecurityAgreement

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
