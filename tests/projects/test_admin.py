import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import StatusUpdate
from ror_portal.models import Municipality
from ror_portal.roles import Role
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db
D = datetime.date
WEEK_6 = D(2024, 2, 8)


@pytest.fixture
def projects():
    molde = Municipality.objects.get(slug="molde")
    wifi = BuildingProjectFactory(title="WiFi i kommunale bygg", order=1)
    hjelset = BuildingProjectFactory(title="Gamle Hjelset barnehage", order=2, municipality=molde)
    nesset = BuildingProjectFactory(title="Nesset Kommunehus", order=3, municipality=molde)
    StatusUpdateFactory(project=wifi, date=D(2024, 2, 1), status="minor_delays", comment="Uke 5")
    StatusUpdateFactory(project=wifi, date=D(2024, 1, 25), status="on_plan", comment="Uke 4")
    StatusUpdateFactory(project=nesset, date=D(2024, 1, 25), status="postponed", comment="UPS")
    return SimpleNamespace(wifi=wifi, hjelset=hjelset, nesset=nesset, all=[wifi, hjelset, nesset])


def grid_url(day=WEEK_6):
    return reverse("admin:projects_buildingproject_updates") + f"?date={day:%Y-%m-%d}"


def test_the_grid_has_a_row_per_active_project_prefilled_with_its_latest_update(
    client_for, projects
):
    wifi = projects.wifi
    BuildingProjectFactory(title="Avsluttet prosjekt", active=False)
    html = client_for(Role.ADMINISTRATOR).get(grid_url()).content.decode()
    assert html.count('<th scope="row">') == 3
    assert "Avsluttet prosjekt" not in html
    for project in projects.all:
        assert f'name="status_{project.pk}"' in html and f'name="comment_{project.pk}"' in html
    assert '<option value="minor_delays" selected>' in html
    assert f'name="comment_{wifi.pk}" cols="60" rows="2"' in html
    assert ">\nUke 5</textarea>" in html and ">\nUPS</textarea>" in html


def test_the_grid_starts_at_today(client_for, projects):
    response = client_for(Role.ADMINISTRATOR).get(reverse("admin:projects_buildingproject_updates"))
    html = response.content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    assert html.count('<th scope="row">') == 3


def test_saving_the_grid_makes_the_weeks_updates(client_for, projects):
    wifi, hjelset, nesset = projects.wifi, projects.hjelset, projects.nesset
    data = {
        f"status_{wifi.pk}": "on_plan",
        f"comment_{wifi.pk}": "Alle aksesspunkt er byttet.",
        f"status_{hjelset.pk}": "",
        f"comment_{hjelset.pk}": "",
        f"status_{nesset.pk}": "postponed",
        f"comment_{nesset.pk}": "UPS",
    }
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(grid_url(), data, follow=True)
    assert response.redirect_chain[-1][0] == grid_url()
    week_6 = StatusUpdate.objects.filter(date=WEEK_6)
    assert set(week_6.values_list("project__title", "status", "comment")) == {
        ("WiFi i kommunale bygg", "on_plan", "Alle aksesspunkt er byttet."),
        ("Nesset Kommunehus", "postponed", "UPS"),
    }
    # Saving the same date again changes that date's updates, it does not add more.
    data[f"status_{nesset.pk}"] = "unclear"
    client.post(grid_url(), data)
    assert week_6.count() == 2
    assert week_6.get(project=nesset).status == "unclear"
    assert StatusUpdate.objects.count() == 5


def test_an_over_long_comment_names_the_project_and_saves_nothing(client_for, projects):
    wifi, nesset = projects.wifi, projects.nesset
    data = {
        f"status_{wifi.pk}": "on_plan",
        f"comment_{wifi.pk}": "Greit.",
        f"status_{nesset.pk}": "postponed",
        f"comment_{nesset.pk}": "x" * 1001,
    }
    response = client_for(Role.ADMINISTRATOR).post(grid_url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="errornote">' in html
    assert "<li>Nesset Kommunehus: " in html
    assert "<li>WiFi i kommunale bygg: " not in html
    assert not StatusUpdate.objects.filter(date=WEEK_6).exists()


def test_an_unknown_status_names_the_project_and_saves_nothing(client_for, projects):
    wifi, hjelset = projects.wifi, projects.hjelset
    data = {f"status_{wifi.pk}": "on_plan", f"status_{hjelset.pk}": "almost"}
    html = client_for(Role.ADMINISTRATOR).post(grid_url(), data).content.decode()
    assert "<li>Gamle Hjelset barnehage: " in html
    assert not StatusUpdate.objects.filter(date=WEEK_6).exists()


def test_a_comment_without_a_status_is_not_lost_silently(client_for, projects):
    wifi, hjelset = projects.wifi, projects.hjelset
    data = {f"status_{wifi.pk}": "on_plan", f"comment_{hjelset.pk}": "Snart klart."}
    html = client_for(Role.ADMINISTRATOR).post(grid_url(), data).content.decode()
    assert "<li>Gamle Hjelset barnehage: " in html
    assert not StatusUpdate.objects.filter(date=WEEK_6).exists()


def test_a_project_finished_earlier_is_not_carried_on(client_for, projects):
    hjelset = projects.hjelset
    StatusUpdateFactory(project=hjelset, date=D(2024, 1, 18), status="finished", comment="Ferdig")
    html = client_for(Role.ADMINISTRATOR).get(grid_url()).content.decode()
    assert '<option value="finished" selected>' not in html
    # …but that date's own update is shown as it is.
    html = client_for(Role.ADMINISTRATOR).get(grid_url(D(2024, 1, 18))).content.decode()
    assert '<option value="finished" selected>' in html


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.FINANCE])
def test_the_grid_is_for_administrators_only(client_for, projects, role):
    client = client_for(role)
    assert client.get(grid_url()).status_code == 403
    assert client.post(grid_url(), {f"status_{projects.wifi.pk}": "on_plan"}).status_code == 403
    assert not StatusUpdate.objects.filter(date=WEEK_6).exists()


def test_the_project_list_links_to_the_grid(client_for, projects):
    html = (
        client_for(Role.ADMINISTRATOR)
        .get(reverse("admin:projects_buildingproject_changelist"))
        .content.decode()
    )
    assert f'href="{reverse("admin:projects_buildingproject_updates")}"' in html


def test_a_projects_page_shows_its_history_newest_first(client_for, projects):
    wifi = projects.wifi
    StatusUpdateFactory(project=wifi, date=D(2024, 1, 11), comment="Uke 2")
    html = (
        client_for(Role.ADMINISTRATOR)
        .get(reverse("admin:projects_buildingproject_change", args=[wifi.pk]))
        .content.decode()
    )
    positions = [html.index(f">\n{comment}</textarea>") for comment in ("Uke 5", "Uke 4", "Uke 2")]
    assert positions == sorted(positions)
