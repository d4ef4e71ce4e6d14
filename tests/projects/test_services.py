import datetime

import pytest
from django.core.exceptions import ValidationError

from projects.models import StatusUpdate
from projects.services import status_updates_save
from tests.factories import UserFactory
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2024, 2, 23)


def rows_of(day):
    return sorted(
        StatusUpdate.objects.filter(date=day).values_list("project__title", "status", "comment")
    )


def test_a_row_saying_what_the_latest_update_says_writes_nothing():
    same = BuildingProjectFactory(title="Samme")
    StatusUpdateFactory(project=same, date=D(2024, 2, 16), status="on_plan", comment="A\nB")
    changed = BuildingProjectFactory(title="Endret")
    StatusUpdateFactory(project=changed, date=D(2024, 2, 16), status="on_plan", comment="A")
    new = BuildingProjectFactory(title="Ny")
    count = status_updates_save(
        date=DAY,
        updates={
            same.pk: ("on_plan", "A\r\nB\r\n"),  # as a browser sends the shown comment
            changed.pk: ("on_plan", "A, og B"),
            new.pk: ("postponed", "Venter\r\npå tilbud"),
        },
    )
    assert count == 2
    assert rows_of(DAY) == [
        ("Endret", "on_plan", "A, og B"),
        ("Ny", "postponed", "Venter\npå tilbud"),  # stored with the line breaks as typed
    ]


def test_the_comparison_is_with_the_latest_update_on_or_before_the_date():
    project = BuildingProjectFactory()
    StatusUpdateFactory(project=project, date=D(2024, 2, 9), status="on_plan", comment="")
    StatusUpdateFactory(project=project, date=D(2024, 3, 1), status="postponed", comment="")
    # "On plan" is the status by 23.02; the later update does not count.
    assert status_updates_save(date=DAY, updates={project.pk: ("on_plan", "")}) == 0
    assert status_updates_save(date=DAY, updates={project.pk: ("postponed", "")}) == 1
    assert rows_of(DAY) == [(project.title, "postponed", "")]


def test_a_project_finished_earlier_is_written_again_only_when_set_again():
    project = BuildingProjectFactory()
    StatusUpdateFactory(project=project, date=D(2024, 2, 9), status="finished", comment="Ferdig")
    assert status_updates_save(date=DAY, updates={project.pk: ("finished", "Ferdig")}) == 1
    assert rows_of(DAY) == [(project.title, "finished", "Ferdig")]


def test_a_change_on_a_date_with_an_update_changes_that_update_and_keeps_its_history():
    anne = UserFactory(username="anne")
    project = BuildingProjectFactory()
    StatusUpdateFactory(project=project, date=D(2024, 2, 16), status="on_plan", comment="Før")
    status_updates_save(date=DAY, updates={project.pk: ("unclear", "Uklart")}, user=anne)
    update = StatusUpdate.objects.get(date=DAY)
    # Back to what it was before that date: that date's update says so, none is removed.
    status_updates_save(date=DAY, updates={project.pk: ("on_plan", "Før")}, user=anne)
    update.refresh_from_db()
    assert (update.status, update.comment) == ("on_plan", "Før")
    assert StatusUpdate.objects.filter(project=project).count() == 2
    assert list(
        update.history.order_by("history_date").values_list(
            "history_type", "status", "history_user"
        )
    ) == [("+", "unclear", anne.pk), ("~", "on_plan", anne.pk)]


def test_an_inactive_project_stops_the_whole_save():
    active = BuildingProjectFactory()
    inactive = BuildingProjectFactory(active=False)
    with pytest.raises(ValidationError):
        status_updates_save(
            date=DAY, updates={active.pk: ("on_plan", ""), inactive.pk: ("on_plan", "")}
        )
    assert not StatusUpdate.objects.exists()


def test_every_bad_row_names_its_project_and_nothing_is_saved():
    first = BuildingProjectFactory(title="Først", order=1)
    second = BuildingProjectFactory(title="Familiens Hus Eide", order=2)
    third = BuildingProjectFactory(title="Nesset Kommunehus", order=3)
    StatusUpdateFactory(project=first, date=D(2024, 2, 16), status="on_plan", comment="Før")
    with pytest.raises(ValidationError) as raised:
        status_updates_save(
            date=DAY,
            updates={
                first.pk: ("minor_delays", "Greit"),
                second.pk: ("almost", ""),
                third.pk: ("on_plan", "x" * 1001),
            },
        )
    messages = raised.value.messages
    assert [message.split(":")[0] for message in messages] == [
        "Familiens Hus Eide",
        "Nesset Kommunehus",
    ]
    assert StatusUpdate.objects.count() == 1
