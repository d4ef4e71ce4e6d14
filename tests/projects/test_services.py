import datetime

import pytest
from django.core.exceptions import ValidationError

from projects.models import StatusUpdate
from projects.services import status_updates_save
from tests.projects.factories import BuildingProjectFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 2, 8)


def test_an_inactive_project_stops_the_whole_save():
    active = BuildingProjectFactory()
    inactive = BuildingProjectFactory(active=False)
    with pytest.raises(ValidationError):
        status_updates_save(
            date=DAY, updates={active.pk: ("on_plan", ""), inactive.pk: ("on_plan", "")}
        )
    assert not StatusUpdate.objects.exists()


def test_a_bad_row_names_its_project_and_nothing_is_saved():
    first = BuildingProjectFactory(title="Først", order=1)
    second = BuildingProjectFactory(title="Familiens Hus Eide", order=2)
    with pytest.raises(ValidationError) as raised:
        status_updates_save(
            date=DAY, updates={first.pk: ("on_plan", "Greit"), second.pk: ("almost", "")}
        )
    assert raised.value.messages[0].startswith("Familiens Hus Eide: ")
    assert not StatusUpdate.objects.exists()
