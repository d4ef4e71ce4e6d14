import datetime
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from projects.admin import date_and_week
from projects.models import StatusUpdate
from ror_portal.models import Municipality
from ror_portal.roles import Role
from tests.factories import BoardMeetingFactory, MonthlyReportFactory
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db
D = datetime.date
WEEK_6 = D(2024, 2, 8)
WEEK_8 = D(2024, 2, 23)
GRID = "admin:projects_buildingproject_updates"


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
    return reverse(GRID) + f"?date={day:%Y-%m-%d}"


def as_shown(projects, day=WEEK_6, **changes):
    """The form as the page sends it for ``day`` when nothing is typed, with ``changes``
    ({"status_<pk>": …}) on top: every row, shown or changed, is sent."""
    data = {"date": f"{day:%Y-%m-%d}", "shown": f"{day:%Y-%m-%d}"}
    for project in projects:
        update = StatusUpdate.objects.latest_on(day).filter(project=project).first()
        carried = update and (update.date == day or update.status != "finished")
        data[f"status_{project.pk}"] = update.status if carried else ""
        data[f"comment_{project.pk}"] = update.comment if carried else ""
    return data | changes


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


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


def test_the_page_names_the_date_and_week_it_edits(client_for, projects):
    html = client_for(Role.ADMINISTRATOR).get(grid_url(WEEK_8)).content.decode()
    assert "<h2>Statusoppdateringer for 23.02.2024 (uke 8)</h2>" in html
    assert 'name="date" value="2024-02-23"' in html
    assert '<input type="hidden" name="shown" value="2024-02-23">' in html


def test_a_date_typed_the_norwegian_way_in_the_address_is_read(client_for, projects):
    html = client_for(Role.ADMINISTRATOR).get(reverse(GRID) + "?date=23.02.2024").content.decode()
    assert 'name="date" value="2024-02-23"' in html
    assert "(uke 8)" in html


def test_the_grid_starts_at_the_draft_reports_as_of_date(client_for, projects):
    MonthlyReportFactory(
        month=D(2024, 2, 1), as_of=D(2024, 3, 1), meeting=BoardMeetingFactory(number="2024/M3")
    )
    html = client_for(Role.ADMINISTRATOR).get(reverse(GRID)).content.decode()
    assert 'name="date" value="2024-03-01"' in html
    assert "<h2>Statusoppdateringer for 01.03.2024 (uke 9)</h2>" in html
    assert "«tall per»-datoen i utkastet til rapport (01.03.2024, møte 2024/M3)" in html
    assert 'aria-describedby="id_date_helptext"' in html and 'id="id_date_helptext"' in html


def test_without_a_draft_the_grid_starts_at_today(client_for, projects):
    html = client_for(Role.ADMINISTRATOR).get(reverse(GRID)).content.decode()
    assert f'name="date" value="{timezone.localdate():%Y-%m-%d}"' in html
    assert "Foreslått: i dag, siden det ikke finnes noe utkast til rapport." in html
    assert html.count('<th scope="row">') == 3


def test_the_date_sent_with_the_rows_is_the_date_saved(client_for, projects):
    """The bug: the page read its date from the address and saved every row under it."""
    wifi, nesset = projects.wifi, projects.nesset
    data = as_shown(
        projects.all,
        WEEK_8,
        **{f"status_{wifi.pk}": "on_plan", f"comment_{nesset.pk}": "Ny UPS er bestilt."},
    )
    # Posted to the address of another date, or of none: the form's date decides.
    for url in (grid_url(WEEK_6), reverse(GRID)):
        StatusUpdate.objects.filter(date=WEEK_8).delete()
        response = client_for(Role.ADMINISTRATOR).post(url, data)
        assert response.status_code == 302
        assert response["Location"] == grid_url(WEEK_8)
        saved = StatusUpdate.objects.filter(date=WEEK_8)
        assert sorted(saved.values_list("project__title", "status", "comment")) == [
            ("Nesset Kommunehus", "postponed", "Ny UPS er bestilt."),
            ("WiFi i kommunale bygg", "on_plan", "Uke 5"),
        ]
    assert not StatusUpdate.objects.filter(date=timezone.localdate()).exists()
    assert StatusUpdate.objects.count() == 5


def test_only_the_rows_that_changed_are_written_and_the_message_names_date_and_count(
    client_for, projects
):
    wifi, hjelset = projects.wifi, projects.hjelset
    data = as_shown(
        projects.all,
        WEEK_8,
        **{
            f"status_{wifi.pk}": "postponed",
            f"status_{hjelset.pk}": "on_plan",
            f"comment_{hjelset.pk}": "Oppstart i mars.",
        },
    )
    response = client_for(Role.ADMINISTRATOR).post(grid_url(WEEK_8), data, follow=True)
    assert response.redirect_chain == [(grid_url(WEEK_8), 302)]
    assert messages_of(response) == [
        "Statusoppdateringer for 23.02.2024 (uke 8) er lagret for 2 prosjekter."
    ]
    assert set(StatusUpdate.objects.filter(date=WEEK_8).values_list("project", flat=True)) == {
        wifi.pk,
        hjelset.pk,
    }
    # Reopened, the page shows them.
    html = response.content.decode()
    assert '<option value="postponed" selected>' in html
    assert ">\nOppstart i mars.</textarea>" in html
    assert "<td>23.02.2024 (Utsatt)</td>" in html and "<td>23.02.2024 (På plan)</td>" in html
    assert "<td>25.01.2024 (Utsatt)</td>" in html  # Nesset, not written


def test_an_unchanged_page_writes_nothing_and_says_so(client_for, projects):
    wifi = projects.wifi
    wifi_update = wifi.updates.get(date=D(2024, 2, 1))
    wifi_update.comment = "Linje 1\nLinje 2"
    wifi_update.save()
    # A browser sends a textarea's line breaks as CRLF: still the same comment.
    data = as_shown(projects.all, WEEK_8, **{f"comment_{wifi.pk}": "Linje 1\r\nLinje 2"})
    response = client_for(Role.ADMINISTRATOR).post(grid_url(WEEK_8), data, follow=True)
    assert messages_of(response) == [
        "Ingen status eller kommentar er endret; statusene for 23.02.2024 (uke 8) er "
        "registrert som gjennomgått."
    ]
    assert StatusUpdate.objects.count() == 3


def test_saving_again_changes_that_dates_update_in_place_with_its_history(
    client_for, administrator, projects
):
    nesset = projects.nesset
    client = client_for(Role.ADMINISTRATOR)
    client.post(
        grid_url(WEEK_8),
        as_shown(projects.all, WEEK_8, **{f"status_{nesset.pk}": "unclear"}),
        follow=True,
    )
    update = StatusUpdate.objects.get(project=nesset, date=WEEK_8)
    # Changed back to what it was before that date: the same update changes, none is added.
    response = client.post(
        grid_url(WEEK_8), as_shown(projects.all, WEEK_8, **{f"status_{nesset.pk}": "postponed"})
    )
    assert messages_of(response) == [
        "Statusoppdateringer for 23.02.2024 (uke 8) er lagret for 1 prosjekt."
    ]
    update.refresh_from_db()
    assert (update.status, update.comment) == ("postponed", "UPS")
    assert StatusUpdate.objects.filter(project=nesset).count() == 2
    history = update.history.order_by("history_date")
    assert [(h.history_type, h.status, h.history_user) for h in history] == [
        ("+", "unclear", administrator),
        ("~", "postponed", administrator),
    ]
    assert history.last().history_date.date() == timezone.localdate()


def test_a_new_date_in_the_field_takes_only_the_rows_changed_on_the_page(client_for, projects):
    """Shown for week 6, the date changed to week 8 and saved without showing it first:
    the two changed rows get week 8; a row left as shown is not written, even where
    the project's status by week 8 differs from what the page showed."""
    wifi, hjelset, nesset = projects.wifi, projects.hjelset, projects.nesset
    StatusUpdateFactory(project=nesset, date=D(2024, 2, 16), status="on_plan", comment="Uke 7")
    data = as_shown(
        projects.all,
        WEEK_6,
        **{"date": "2024-02-23", f"status_{wifi.pk}": "on_plan", f"status_{hjelset.pk}": "unclear"},
    )
    response = client_for(Role.ADMINISTRATOR).post(grid_url(WEEK_6), data, follow=True)
    assert messages_of(response) == [
        "Statusoppdateringer for 23.02.2024 (uke 8) er lagret for 2 prosjekter."
    ]
    assert sorted(
        StatusUpdate.objects.filter(date=WEEK_8).values_list("project__title", "status")
    ) == [("Gamle Hjelset barnehage", "unclear"), ("WiFi i kommunale bygg", "on_plan")]
    assert StatusUpdate.objects.filter(project=nesset).count() == 2


def test_show_the_projects_opens_the_chosen_date(client_for, projects):
    data = as_shown(projects.all, WEEK_6, date="2024-02-23", _show="Vis prosjektene")
    response = client_for(Role.ADMINISTRATOR).post(grid_url(WEEK_6), data)
    assert response.status_code == 302 and response["Location"] == grid_url(WEEK_8)
    assert StatusUpdate.objects.count() == 3


@pytest.mark.parametrize(
    ("date", "error"),
    [
        ("", "Dato for oppdateringene: Velg datoen for oppdateringene."),
        (
            "2024-02-30",
            "Dato for oppdateringene: Skriv datoen som dd.mm.åååå, for eksempel 23.02.2024.",
        ),
        (
            "neste uke",
            "Dato for oppdateringene: Skriv datoen som dd.mm.åååå, for eksempel 23.02.2024.",
        ),
    ],
)
def test_a_missing_or_bad_date_is_named_and_nothing_is_saved(client_for, projects, date, error):
    wifi = projects.wifi
    data = as_shown(projects.all, WEEK_6, date=date, **{f"comment_{wifi.pk}": "Beholdes"})
    response = client_for(Role.ADMINISTRATOR).post(grid_url(WEEK_6), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<li>{error}</li>" in html
    assert ">\nBeholdes</textarea>" in html  # what was typed is kept
    assert StatusUpdate.objects.count() == 3


def test_a_bad_date_in_the_address_is_named(client_for, projects):
    client = client_for(Role.ADMINISTRATOR)
    html = client.get(reverse(GRID) + "?date=1.januar").content.decode()
    assert "<li>Dato for oppdateringene: Skriv datoen som dd.mm.åååå" in html
    assert '<th scope="row">' not in html
    # written as a date is written, but there is no such day: it says so
    html = client.get(reverse(GRID) + "?date=31.02.2024").content.decode()
    assert (
        "<li>Dato for oppdateringene: 31.02.2024 finnes ikke: februar 2024 har 29 dager.</li>"
    ) in html
    assert '<th scope="row">' not in html


def test_an_over_long_comment_names_the_project_and_saves_nothing(client_for, projects):
    wifi, nesset = projects.wifi, projects.nesset
    data = as_shown(
        projects.all,
        **{f"status_{wifi.pk}": "on_plan", f"comment_{nesset.pk}": "x" * 1001},
    )
    response = client_for(Role.ADMINISTRATOR).post(grid_url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="errornote">' in html
    assert "<li>Nesset Kommunehus: " in html
    assert "<li>WiFi i kommunale bygg: " not in html
    assert not StatusUpdate.objects.filter(date=WEEK_6).exists()


def test_an_unknown_status_names_the_project_and_saves_nothing(client_for, projects):
    wifi, hjelset = projects.wifi, projects.hjelset
    data = as_shown(
        projects.all, **{f"status_{wifi.pk}": "on_plan", f"status_{hjelset.pk}": "almost"}
    )
    html = client_for(Role.ADMINISTRATOR).post(grid_url(), data).content.decode()
    assert "<li>Gamle Hjelset barnehage: Velg et gyldig valg." in html
    assert not StatusUpdate.objects.filter(date=WEEK_6).exists()


def test_a_comment_without_a_status_is_not_lost_silently(client_for, projects):
    wifi, hjelset = projects.wifi, projects.hjelset
    data = as_shown(
        projects.all, **{f"status_{wifi.pk}": "on_plan", f"comment_{hjelset.pk}": "Snart klart."}
    )
    html = client_for(Role.ADMINISTRATOR).post(grid_url(), data).content.decode()
    assert (
        "<li>Gamle Hjelset barnehage: Velg en status for kommentaren, eller fjern den.</li>" in html
    )
    assert not StatusUpdate.objects.filter(date=WEEK_6).exists()


def test_a_project_finished_earlier_is_not_carried_on(client_for, projects):
    hjelset = projects.hjelset
    StatusUpdateFactory(project=hjelset, date=D(2024, 1, 18), status="finished", comment="Ferdig")
    html = client_for(Role.ADMINISTRATOR).get(grid_url()).content.decode()
    assert '<option value="finished" selected>' not in html
    assert "18.01.2024 (Ferdig)" in html  # …though its latest update is shown beside the row
    # …but that date's own update is shown as it is.
    html = client_for(Role.ADMINISTRATOR).get(grid_url(D(2024, 1, 18))).content.decode()
    assert '<option value="finished" selected>' in html


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.FINANCE])
def test_the_grid_is_for_administrators_only(client_for, projects, role):
    client = client_for(role)
    assert client.get(grid_url()).status_code == 403
    data = as_shown(projects.all, **{f"status_{projects.hjelset.pk}": "on_plan"})
    assert client.post(grid_url(), data).status_code == 403
    assert not StatusUpdate.objects.filter(date=WEEK_6).exists()


@pytest.mark.parametrize("count", [3, 40])
def test_the_grid_reads_and_writes_in_the_same_queries_for_any_number_of_projects(
    client_for, django_assert_max_num_queries, count
):
    projects = BuildingProjectFactory.create_batch(count)
    for project in projects:
        StatusUpdateFactory(project=project, date=WEEK_6)
    client = client_for(Role.ADMINISTRATOR)
    client.get(grid_url(WEEK_8))  # the session and the user, read once before counting
    # 8: session, user, permissions (twice), the draft report, the latest updates, the
    # projects, the draft again for the link back to its checklist; a save adds the active
    # projects, the latest updates by the saved date, one insert or update and one history
    # insert, the date gone through (an update, and an insert the first time), and its
    # savepoint.
    with django_assert_max_num_queries(8):
        assert client.get(grid_url(WEEK_8)).status_code == 200
    # Half the rows changed on a new date, half of those again on the same date.
    changes = {f"status_{project.pk}": "unclear" for project in projects[::2]}
    data = as_shown(projects, WEEK_8, **changes)
    with django_assert_max_num_queries(15):
        response = client.post(grid_url(WEEK_8), data)
    assert response.status_code == 302
    again = as_shown(projects, WEEK_8, **{f"comment_{p.pk}": "Endret igjen" for p in projects[::4]})
    with django_assert_max_num_queries(15):
        client.post(grid_url(WEEK_8), again)
    week_8 = StatusUpdate.objects.filter(date=WEEK_8)
    assert week_8.count() == len(projects[::2])
    assert week_8.filter(comment="Endret igjen").count() == len(projects[::4])


def test_the_week_of_a_date_has_its_year_where_it_is_another():
    assert date_and_week(D(2024, 2, 23)) == "23.02.2024 (uke 8)"
    assert date_and_week(D(2024, 12, 30)) == "30.12.2024 (uke 1 i 2025)"
    assert date_and_week(D(2027, 1, 1)) == "01.01.2027 (uke 53 i 2026)"


def test_the_project_list_links_to_the_grid(client_for, projects):
    html = (
        client_for(Role.ADMINISTRATOR)
        .get(reverse("admin:projects_buildingproject_changelist"))
        .content.decode()
    )
    assert f'href="{reverse(GRID)}"' in html


def test_a_projects_page_shows_its_history_newest_first(client_for, projects):
    wifi = projects.wifi
    StatusUpdateFactory(project=wifi, date=D(2024, 1, 11), comment="Uke 2")
    html = (
        client_for(Role.ADMINISTRATOR)
        .get(reverse("admin:projects_buildingproject_change", args=[wifi.pk]))
        .content.decode()
    )
    positions = [
        html.index(f">\n{comment}</textarea>") for comment in ("Uke 2", "Uke 4", "Uke 5")[::-1]
    ]
    assert positions == sorted(positions)


def test_a_bad_row_on_a_new_date_says_which_date_the_rows_show_and_which_is_saved(
    client_for, projects
):
    hjelset = projects.hjelset
    data = as_shown(
        projects.all, WEEK_6, date="2024-02-23", **{f"comment_{hjelset.pk}": "Uten status"}
    )
    html = client_for(Role.ADMINISTRATOR).post(grid_url(WEEK_6), data).content.decode()
    assert "<h2>Statusoppdateringer for 08.02.2024 (uke 6)</h2>" in html
    assert (
        "Radene viser hvert prosjekts status per 08.02.2024 (uke 6); radene du endrer, lagres "
        "for 23.02.2024 (uke 8)." in html
    )
    assert 'name="date" value="2024-02-23"' in html
    assert '<input type="hidden" name="shown" value="2024-02-08">' in html
    assert StatusUpdate.objects.count() == 3
