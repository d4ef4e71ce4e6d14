"""Every change to a figure, key, project update, agreement and report is kept: who,
when, before and after (django-simple-history), and visible in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import AllocationKey, MonthlyActual
from budget.services import actuals_save
from ror_portal.roles import Role
from tests.factories import KEY_2024, BudgetLineFactory, SectionFactory, allocation_key

pytestmark = pytest.mark.django_db


def test_a_changed_figure_keeps_its_before_and_after(client_for, administrator):
    line = BudgetLineFactory(year=2024, name="Lisenser")
    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:budget_budgetline_actuals") + "?year=2024&month=3"
    client.post(url, {f"line_{line.pk}": "1000"})
    client.post(url, {f"line_{line.pk}": "1500"})
    history = MonthlyActual.history.filter(line_id=line.pk).order_by("history_date")
    assert [(h.history_type, h.amount) for h in history] == [
        ("+", Decimal("1000.00")),
        ("~", Decimal("1500.00")),  # changed in place: one record, before → after
    ]
    assert {h.history_user for h in history} == {administrator}


def test_a_key_and_a_report_section_have_history_in_the_admin(client_for, administrator):
    key = allocation_key(2024, KEY_2024)
    key.name = "Ny nøkkel 2024"
    key.save()
    assert [h.name for h in AllocationKey.history.filter(id=key.pk).order_by("history_date")] == [
        "Fordelingsnøkkel 2024",
        "Ny nøkkel 2024",
    ]
    section = SectionFactory(title="Før")
    client = client_for(Role.ADMINISTRATOR)
    client.post(
        reverse("admin:reports_section_change", args=[section.pk]),
        {"title": "Etter", "body": "", "block": "", "body_after_block": "", "parent": ""},
    )
    page = client.get(reverse("admin:reports_section_history", args=[section.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Etter" in html and administrator.username in html


def test_actuals_saved_by_the_service_are_in_the_history():
    line = BudgetLineFactory(year=2024)
    actuals_save(year=2024, month=1, amounts={line.pk: Decimal(5)})
    assert MonthlyActual.history.filter(line_id=line.pk, history_type="+").count() == 1


def test_every_ticket_import_is_logged_with_who_and_what_it_changed(administrator):
    import io

    from support.importing import import_tickets
    from support.models import TicketImport

    export = (
        "Saksnr;Type;Kategori;Prioritet;Kommune;Opprettet;Første respons;Løst;Status;Emne\n"
        "1;Feilmelding;Nett;Lav;Molde;10.01.2024 10:00;;;Åpen;Nettet er nede\n"
    ).encode()
    import_tickets(io.BytesIO(export), "uploads/eksport-januar.csv", user=administrator)
    import_tickets(io.BytesIO(export), "eksport-januar.csv")
    first, second = TicketImport.objects.order_by("imported_at", "id")
    assert (first.file_name, first.imported_by, first.new, first.new_categories) == (
        "eksport-januar.csv",
        administrator,
        1,
        "Nett",
    )
    assert (second.imported_by, second.new, second.unchanged) == (None, 0, 1)


def test_a_rejected_import_logs_nothing():
    import io

    from support.importing import import_tickets
    from support.models import TicketImport

    import_tickets(io.BytesIO(b"Saksnr;Type\n1;Feil\n"), "feil.csv")
    assert not TicketImport.objects.exists()
