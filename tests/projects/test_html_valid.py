import datetime

import pytest
from django.urls import reverse

from projects import demo
from projects.models import BuildingProject
from reports.rendering import run_block
from ror_portal.blocks import Period
from ror_portal.roles import Role
from tests.html_validator import html_errors
from tests.projects.factories import StatusUpdateFactory

pytestmark = pytest.mark.database_independent

JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)


def page(body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="nb"><head><title>Test</title></head><body>{body}</body></html>'
    )


@pytest.mark.django_db
def test_the_block_and_the_admin_pages_are_valid_html(client_for):
    demo.load()
    week_5 = run_block("projects.status_table", JANUARY_2024).html
    StatusUpdateFactory(project__title="Annen uke", date=datetime.date(2024, 1, 25))
    mixed_weeks = run_block("projects.status_table", JANUARY_2024).html
    project = BuildingProject.objects.get(title="Familiens Hus Eide")
    admin = client_for(Role.ADMINISTRATOR)
    grid = reverse("admin:projects_buildingproject_updates") + "?date=2024-02-08"
    pages = {
        "block week 5": page(week_5),
        "block mixed weeks": page(mixed_weeks),
        "grid": admin.get(grid).content.decode(),
        "grid with errors": admin.post(
            grid, {"date": "2024-02-08", f"status_{project.pk}": "almost"}
        ).content.decode(),
        "grid with a bad date": admin.post(
            grid, {"date": "x", "shown": "2024-02-08"}
        ).content.decode(),
        "projects": admin.get(
            reverse("admin:projects_buildingproject_changelist")
        ).content.decode(),
        "project": admin.get(
            reverse("admin:projects_buildingproject_change", args=[project.pk])
        ).content.decode(),
    }
    assert html_errors(pages) == []
