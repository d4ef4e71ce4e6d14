"""Every data block says where its figures come from and when they were taken."""

import datetime
from decimal import Decimal

import pytest

from budget import demo as budget_demo
from budget.models import MonthlyActual
from budget.origin import accounts_origin
from projects.models import BuildingProject, StatusUpdate
from projects.origin import status_origin
from ror_portal.blocks import Block, BlockData, Period
from ror_portal.dates import OSLO
from security import demo as security_demo
from security.origin import agreement_origin
from support.models import TicketImport
from support.origin import ticket_origin
from tests.factories import BudgetLineFactory

JANUARY = Period(
    month=datetime.date(2024, 1, 1),
    as_of=datetime.date(2024, 1, 31),
    meeting_date=datetime.date(2024, 2, 14),
)


def test_a_block_with_an_origin_carries_it_with_its_figures():
    block = Block(
        "test.block",
        "Test",
        lambda period: BlockData(columns=["A"], rows=[[1]]),
        "unused.html",
        origin=lambda period: f"Kilde: målt {period.as_of:%d.%m.%Y}",
    )
    assert block.figures(JANUARY).origin == "Kilde: målt 31.01.2024"
    assert block.figures(JANUARY).rows == [[1]]


def test_a_block_without_an_origin_has_none():
    block = Block("test.block", "Test", lambda period: BlockData([], []), "unused.html")
    assert block.figures(JANUARY).origin == ""


@pytest.mark.django_db
def test_the_support_figures_name_the_latest_import_in_norwegian_time():
    def imported(name, at):
        record = TicketImport.objects.create(file_name=name, new=1, changed=0, unchanged=0)
        TicketImport.objects.filter(pk=record.pk).update(imported_at=at)

    assert "ingen eksport importert" in ticket_origin(JANUARY)
    imported("januar.csv", datetime.datetime(2024, 1, 2, 7, 0, tzinfo=datetime.UTC))
    imported("februar.csv", datetime.datetime(2024, 2, 1, 7, 12, tzinfo=datetime.UTC))

    assert ticket_origin(JANUARY) == (
        "Kilde: Pureservice-eksport importert 01.02.2024 08:12 (februar.csv)"
    )


@pytest.mark.django_db
def test_the_accounts_name_their_period_and_when_they_were_last_entered():
    line = BudgetLineFactory(year=2023)
    assert accounts_origin(JANUARY) == (
        "Kilde: Regnskap 2023 fra økonomisystemet (ingen tall registrert)"
    )
    MonthlyActual.objects.create(line=line, month=12, amount=Decimal(100))
    entered = MonthlyActual.history.get().history_date.astimezone(OSLO)

    assert accounts_origin(JANUARY) == (
        f"Kilde: Regnskap 2023 fra økonomisystemet, registrert {entered:%d.%m.%Y %H:%M}"
    )
    february = Period(
        datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), datetime.date(2024, 3, 13)
    )
    assert accounts_origin(february).startswith(
        "Kilde: Regnskap per januar 2024 fra økonomisystemet"
    )


@pytest.mark.django_db
def test_the_projects_name_the_newest_update_the_report_shows():
    assert "ingen ennå" in status_origin(JANUARY)
    project = BuildingProject.objects.create(title="Skole")
    for day in (datetime.date(2024, 1, 29), datetime.date(2024, 2, 5)):
        StatusUpdate.objects.create(project=project, date=day, status="on_plan")

    assert status_origin(JANUARY) == (
        "Kilde: prosjektledernes statusoppdateringer, sist 29.01.2024"
    )


@pytest.mark.django_db
def test_the_security_costs_name_the_server_count_they_are_priced_by():
    assert "ingen serveropptelling" in agreement_origin(JANUARY)
    budget_demo.load()  # the keys the agreement's cost item is split by
    security_demo.load()
    from security.models import ServerCount

    counted = ServerCount.objects.get().date  # the demo's one count, taken 01.02.2024
    assert agreement_origin(JANUARY) == (
        f"Kilde: avtalens prisnivåer og servertellingen {counted:%d.%m.%Y}"
    )
