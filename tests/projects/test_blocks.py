import datetime
import re

import pytest
from django.utils.translation import gettext

from projects.blocks import status_table
from projects.models import StatusUpdate
from reports.rendering import run_block
from ror_portal.blocks import Period, get_block, to_csv
from ror_portal.models import Municipality
from tests.projects.factories import BuildingProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db
Status = StatusUpdate.Status
D = datetime.date
JANUARY_2024 = Period(D(2024, 1, 1), D(2024, 2, 1), D(2024, 2, 14))


def shown(period=JANUARY_2024) -> dict[str, list]:
    """The block's rows by project title."""
    return {row[0]: row for row in status_table(period).rows}


def test_the_block_is_discovered():
    assert get_block("projects.status_table").function is status_table


def test_updates_after_the_as_of_date_are_ignored():
    project = BuildingProjectFactory(title="Nesset Kommunehus")
    StatusUpdateFactory(project=project, date=D(2024, 1, 25), status="on_plan", comment="Før")
    StatusUpdateFactory(project=project, date=D(2024, 2, 5), status="postponed", comment="Etter")
    assert shown()["Nesset Kommunehus"][1:4] == [str(Status.ON_PLAN.label), "Før", 4]


def test_the_latest_update_on_or_before_the_as_of_date_wins():
    project = BuildingProjectFactory(title="Vistdal utleieboliger")
    for day, comment in [
        (D(2024, 1, 10), "Tidlig"),
        (D(2024, 2, 1), "Siste"),
        (D(2024, 1, 25), "Midt"),
    ]:
        StatusUpdateFactory(project=project, date=day, comment=comment)
    assert shown()["Vistdal utleieboliger"][2] == "Siste"


def test_a_project_finished_before_the_month_drops_out():
    StatusUpdateFactory(project__title="Ferdig i desember", date=D(2023, 12, 20), status="finished")
    StatusUpdateFactory(project__title="Ferdig i januar", date=D(2024, 1, 15), status="finished")
    StatusUpdateFactory(project__title="Ferdig på datoen", date=D(2024, 2, 1), status="finished")
    reopened = BuildingProjectFactory(title="Gjenåpnet")
    StatusUpdateFactory(project=reopened, date=D(2023, 12, 20), status="finished")
    StatusUpdateFactory(project=reopened, date=D(2024, 1, 20), status="unclear")
    rows = shown()
    assert set(rows) == {"Ferdig i januar", "Ferdig på datoen", "Gjenåpnet"}
    assert rows["Ferdig i januar"][1] == str(Status.FINISHED.label)
    # The December report still shows the one finished in December.
    december = Period(D(2023, 12, 1), D(2024, 1, 1), D(2024, 1, 10))
    assert set(shown(december)) == {"Ferdig i desember", "Gjenåpnet"}


def test_inactive_projects_and_projects_without_an_update_are_not_shown():
    StatusUpdateFactory(project__title="Aktiv")
    StatusUpdateFactory(project__title="Avsluttet", project__active=False)
    BuildingProjectFactory(title="Uten oppdatering")
    StatusUpdateFactory(project__title="Bare senere", date=D(2024, 2, 8))
    assert list(shown()) == ["Aktiv"]


def test_a_shared_week_is_in_the_header():
    StatusUpdateFactory(project__title="Mandag", date=D(2024, 1, 29))
    StatusUpdateFactory(project__title="Torsdag", date=D(2024, 2, 1))
    data = status_table(JANUARY_2024)
    assert data.columns[2] == gettext("Comment week %(week)s") % {"week": 5}
    assert data.context["shared_week"] == 5
    assert [row[3] for row in data.rows] == [5, 5]
    html = run_block("projects.status_table", JANUARY_2024).html
    assert f'<th scope="col">{data.columns[2]}</th>' in html
    assert gettext("Week %(week)s:") % {"week": 5} not in html


def test_different_weeks_are_shown_per_comment():
    StatusUpdateFactory(project__title="A", date=D(2024, 1, 25), comment="Uke fire")
    StatusUpdateFactory(project__title="B", date=D(2024, 2, 1), comment="Uke fem")
    data = status_table(JANUARY_2024)
    assert data.columns[2] == gettext("Comment")
    assert [row[3] for row in data.rows] == [4, 5]
    html = run_block("projects.status_table", JANUARY_2024).html
    week_4 = gettext("Week %(week)s:") % {"week": 4}
    assert re.search(rf"<td><span class=\"comment-week\">{week_4}</span> Uke fire</td>", html)


def test_the_same_week_number_of_another_year_is_not_shared():
    period = Period(D(2024, 12, 1), D(2025, 1, 1), D(2025, 1, 8))
    StatusUpdateFactory(project__title="2024", date=D(2024, 1, 2))  # week 1 of 2024
    StatusUpdateFactory(project__title="2025", date=D(2024, 12, 31))  # week 1 of 2025
    assert status_table(period).columns[2] == gettext("Comment")


def test_the_municipality_column_says_all_for_all_members():
    StatusUpdateFactory(project__title="Felles", project__municipality=None)
    StatusUpdateFactory(
        project__title="Lokal", project__municipality=Municipality.objects.get(slug="aukra")
    )
    rows = shown()
    assert rows["Felles"][4] == gettext("All")
    assert rows["Lokal"][4] == "Aukra"


def test_rows_follow_the_order_then_the_title_the_norwegian_way():
    for title in ["Ålesundsvegen", "Øvre skole", "Aukra rådhus", "Zebra"]:
        StatusUpdateFactory(project__title=title, project__order=5)
    StatusUpdateFactory(project__title="Først", project__order=1)
    assert list(shown()) == ["Først", "Aukra rådhus", "Zebra", "Øvre skole", "Ålesundsvegen"]


@pytest.mark.parametrize("count", [3, 30])
def test_one_query_whatever_the_number_of_projects(count, django_assert_num_queries):
    molde = Municipality.objects.get(slug="molde")
    for number in range(count):
        project = BuildingProjectFactory(municipality=molde if number % 2 else None)
        for day in (D(2024, 1, 11), D(2024, 1, 25), D(2024, 2, 1), D(2024, 2, 8)):
            StatusUpdateFactory(project=project, date=day)
    with django_assert_num_queries(1):
        data = status_table(JANUARY_2024)
    assert len(data.rows) == count


def test_the_csv_has_a_row_per_project():
    StatusUpdateFactory(project__title="Fræna sjukeheim", status="unclear", comment="Uavklart.")
    csv = to_csv(status_table(JANUARY_2024))
    label = gettext("Unclear status")
    assert f"Fræna sjukeheim;{label};Uavklart.;5;{gettext('All')}\r\n" in csv


def test_the_status_is_text_beside_a_hidden_colour_mark():
    StatusUpdateFactory(project__title="På plan-prosjektet", status="on_plan")
    StatusUpdateFactory(project__title="Forsinket", status="minor_delays")
    html = run_block("projects.status_table", JANUARY_2024).html
    for status, colour in [(Status.ON_PLAN, "#1e7b34"), (Status.MINOR_DELAYS, "#b36200")]:
        mark = (
            rf'<svg class="status-mark status-mark--{status.value}"[^>]*aria-hidden="true">'
            rf'<circle [^>]*fill="{colour}"/></svg> {status.label}</td>'
        )
        assert re.search(mark, html), status
    assert "style=" not in html
    assert (
        '<div class="table-scroll" role="region" aria-label="Hvert prosjekts siste '
        "statusoppdatering per" in html
    )
    assert html.count('<th scope="col">') == 4
    assert html.count('<th scope="row">') == 2


def test_user_text_is_escaped():
    StatusUpdateFactory(project__title="<b>Tittel</b>", comment="<script>alert('x')</script> & mer")
    html = run_block("projects.status_table", JANUARY_2024).html
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; mer" in html
    assert "&lt;b&gt;Tittel&lt;/b&gt;" in html


def test_no_updates_gives_a_message_not_an_empty_table():
    result = run_block("projects.status_table", JANUARY_2024)
    assert result.error is None
    assert "<table" not in result.html and "empty-state" in result.html
