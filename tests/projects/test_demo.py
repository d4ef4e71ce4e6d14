import datetime
import json

import pytest
from django.conf import settings
from django.utils.translation import gettext

from projects import demo
from projects.blocks import status_table
from projects.models import BuildingProject, StatusUpdate
from ror_portal.blocks import Period

pytestmark = pytest.mark.django_db
Status = StatusUpdate.Status
JANUARY_2024 = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14)
)
# The reference's table 2.4.1: title, overall status, municipality.
REFERENCE = [
    ("Kartlegging og utbedring av WiFi i kommunale bygg", Status.MINOR_DELAYS, None),
    ("Familiens Hus Eide", Status.ON_PLAN, "Hustadvika"),
    ("Nesset Kommunehus", Status.POSTPONED, "Molde"),
    ("Ny Elnesvågen kulturskole", Status.ON_PLAN, "Hustadvika"),
    ("Gamle Hjelset barnehage", Status.ON_PLAN, "Molde"),
    ("Vistdal utleieboliger", Status.ON_PLAN, "Molde"),
    ("Fræna sjukeheim", Status.UNCLEAR, "Hustadvika"),
    ("Flytting av legevaktsentral", Status.FINISHED, "Molde"),
    ("Påbygg Aukra brannstasjon", Status.ON_PLAN, "Aukra"),
]


@pytest.fixture
def demo_projects():
    demo.load()


def test_the_january_2024_report_shows_the_reference_table(demo_projects):
    data = status_table(JANUARY_2024)
    assert data.columns[2] == gettext("Comment week %(week)s") % {"week": 5}
    assert [(row[0], row[1], row[4]) for row in data.rows] == [
        (title, str(status.label), municipality or gettext("All"))
        for title, status, municipality in REFERENCE
    ]
    assert {row[3] for row in data.rows} == {5}


def test_the_comments_are_the_references(demo_projects):
    comments = {row[0]: row[2] for row in status_table(JANUARY_2024).rows}
    assert comments["Nesset Kommunehus"] == (
        "Det er installert UPS på datarommet. Ellers ingen endring siden forrige rapportering."
    )
    assert comments["Flytting av legevaktsentral"] == (
        "Legevaktsentralen er flyttet og fullt operativ."
    )
    fixture = json.loads((settings.BASE_DIR / "fixtures/projects-week-5.json").read_text())
    assert comments == {p["title"]: p["comment"] for p in fixture["projects"]}


def test_the_update_date_is_in_week_5_and_is_the_reports_as_of_date(demo_projects):
    assert set(StatusUpdate.objects.values_list("date", flat=True)) == {JANUARY_2024.as_of}
    assert JANUARY_2024.as_of.isocalendar()[:2] == (2024, 5)


def test_the_finished_project_is_gone_from_the_march_report(demo_projects):
    march = Period(datetime.date(2024, 3, 1), datetime.date(2024, 4, 1), datetime.date(2024, 4, 10))
    titles = [row[0] for row in status_table(march).rows]
    assert "Flytting av legevaktsentral" not in titles and len(titles) == 8


def test_loading_twice_does_not_duplicate(demo_projects):
    project = BuildingProject.objects.get(title="Familiens Hus Eide")
    StatusUpdate.objects.filter(project=project).update(comment="Endret")
    demo.load()
    assert BuildingProject.objects.count() == 9
    assert StatusUpdate.objects.count() == 9
    assert StatusUpdate.objects.get(project=project).comment.startswith("ROR-IKT har mottatt")
