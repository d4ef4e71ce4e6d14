import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import MonthlyActual, MonthlyBudget
from budget.services import actuals_save
from ror_portal.roles import Role
from tests.factories import BoardMeetingFactory, BudgetLineFactory, MonthlyReportFactory

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


@pytest.fixture
def lines():
    return [
        BudgetLineFactory(year=2024, name=name, annual_budget=budget)
        for name, budget in (("Lønn", 1_200_000), ("Lisenser", 600_000), ("Lokaler", 120_000))
    ]


def grid_url(month=3):
    return reverse("admin:budget_budgetline_actuals") + f"?year=2024&month={month}"


def test_the_grid_shows_every_line_of_the_year(client_for, lines):
    html = client_for(Role.ADMINISTRATOR).get(grid_url()).content.decode()
    for line in lines:
        assert f'name="line_{line.pk}"' in html and line.name in html


def test_the_amount_inputs_are_text_that_a_browser_leaves_alone(client_for, lines):
    html = client_for(Role.ADMINISTRATOR).get(grid_url()).content.decode()
    for line in lines:
        start = html.index(f'name="line_{line.pk}"')
        tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
        assert 'type="text"' in tag and 'inputmode="decimal"' in tag


def test_the_months_are_chosen_by_name(client_for, lines):
    html = client_for(Role.ADMINISTRATOR).get(grid_url()).content.decode()
    assert '<option value="2">februar</option>' in html
    assert '<option value="3" selected>mars</option>' in html


def test_saving_the_grid_stores_the_months_actuals(client_for, lines):
    client = client_for(Role.ADMINISTRATOR)
    data = {
        f"line_{lines[0].pk}": "1 250 000,50",
        f"line_{lines[1].pk}": "300000",
        f"line_{lines[2].pk}": "",
    }
    response = client.post(grid_url(), data, follow=True)
    html = response.content.decode()
    assert "Regnskapstall for mars 2024 er lagret for 2 poster (2 endret)." in html
    assert dict(MonthlyActual.objects.filter(month=3).values_list("line__name", "amount")) == {
        "Lønn": Decimal("1250000.50"),
        "Lisenser": Decimal("300000.00"),
    }
    # shown back the Norwegian way
    assert f'value="1{NBSP}250{NBSP}000,50"' in html


def test_a_bad_amount_names_the_line_and_saves_nothing(client_for, lines):
    client = client_for(Role.ADMINISTRATOR)
    data = {f"line_{lines[0].pk}": "1000", f"line_{lines[1].pk}": "mye"}
    html = client.post(grid_url(), data).content.decode()
    assert "Lisenser: «mye» er ikke et beløp." in html
    assert not MonthlyActual.objects.exists()


@pytest.mark.parametrize("typed", ["1.250", "12,34,56", "1.250.000,5,0"])
def test_an_ambiguous_or_malformed_amount_is_refused(client_for, lines, typed):
    html = client_for(Role.ADMINISTRATOR).post(grid_url(), {f"line_{lines[0].pk}": typed})
    assert "Lønn: «" in html.content.decode()
    assert not MonthlyActual.objects.exists()


def test_the_grid_is_for_administrators_only(client_for, lines):
    assert client_for(Role.FINANCE).get(grid_url()).status_code == 403


def test_each_line_shows_its_budget_to_date_and_the_earlier_months(client_for, lines):
    lonn, lisenser, _ = lines
    actuals_save(year=2024, month=1, amounts={lonn.pk: Decimal("90000"), lisenser.pk: None})
    actuals_save(year=2024, month=2, amounts={lonn.pk: Decimal("110000.50")})
    # Lisenser has its own monthly budgets: 10 000 a month from January through March
    for month in (1, 2, 3):
        MonthlyBudget.objects.create(line=lisenser, month=month, amount=10_000)
    html = client_for(Role.ADMINISTRATOR).get(grid_url(3)).content.decode()
    row = _row(html, "Lønn")
    assert f"300{NBSP}000,00" in row  # 3/12 of 1 200 000
    assert f"januar: 90{NBSP}000,00" in row and f"februar: 110{NBSP}000,50" in row
    assert f"200{NBSP}000,50" in row  # the year to date: no actual for March yet
    assert f"30{NBSP}000,00" in _row(html, "Lisenser")
    assert "Budsjett hittil i år (januar–mars 2024)" in html
    assert "Regnskap registrert for tidligere måneder (januar–februar 2024)" in html
    assert "Regnskap hittil i år (januar–mars 2024)" in html
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert f"360{NBSP}000,00" in footer  # 300 000 + 30 000 + 30 000
    assert f"200{NBSP}000,50" in footer


def _row(html: str, name: str) -> str:
    start = html.index(f">{name}</label>")
    return html[start : html.index("</tr>", start)]


def test_the_form_says_which_report_shows_the_months_figures(client_for, lines):
    client = client_for(Role.ADMINISTRATOR)
    html = client.get(grid_url(2)).content.decode()
    assert "Tallene for februar 2024 vises i rapporten for mars 2024." in html
    MonthlyReportFactory(
        meeting=BoardMeetingFactory(number="2024/M3", date=datetime.date(2024, 3, 13)),
        month=datetime.date(2024, 3, 1),
        as_of=datetime.date(2024, 3, 1),
    )
    html = client.get(grid_url(2)).content.decode()
    assert "Tallene for februar 2024 vises i rapporten for mars 2024 (møte 2024/M3)." in html


def test_a_correction_after_the_report_is_published_says_where_it_will_show(client_for, lines):
    report = MonthlyReportFactory(
        meeting=BoardMeetingFactory(number="2024/M3", date=datetime.date(2024, 3, 13)),
        month=datetime.date(2024, 3, 1),
        as_of=datetime.date(2024, 3, 1),
        status="published",
    )
    client = client_for(Role.ADMINISTRATOR)
    told = (
        "Tallene for februar 2024 vises i rapporten for mars 2024 (møte 2024/M3). Den "
        "rapporten er publisert: en endring her vises i neste rapport som publiseres, og i "
        "rapporten for mars 2024 bare om den publiseres på nytt."
    )
    assert told in client.get(grid_url(2)).content.decode()
    response = client.post(grid_url(2), {f"line_{lines[0].pk}": "1 000"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"Regnskapstall for februar 2024 er lagret for 1 post (1 endret). {told}"
    ]
    report.status = "draft"
    report.save()
    assert "Den rapporten er publisert" not in client.get(grid_url(2)).content.decode()


def test_december_lands_in_next_years_january_report(client_for):
    BudgetLineFactory(year=2023)
    url = reverse("admin:budget_budgetline_actuals") + "?year=2023&month=12"
    html = client_for(Role.ADMINISTRATOR).get(url).content.decode()
    assert "Tallene for desember 2023 vises i rapporten for januar 2024." in html


def test_opened_without_a_month_it_offers_the_month_the_draft_report_shows(client_for):
    url = reverse("admin:budget_budgetline_actuals")
    client = client_for(Role.ADMINISTRATOR)
    html = client.get(url).content.decode()
    assert 'name="year"' in html and 'name="year" value=' not in html  # nothing to go by
    line = BudgetLineFactory(year=2024)
    MonthlyActual.objects.create(line=line, month=12, amount=1)
    html = client.get(url).content.decode()
    # no draft: the month after the last one entered, across the turn of the year
    assert 'name="year" value="2025"' in html
    assert '<option value="1" selected>januar</option>' in html
    MonthlyReportFactory(
        meeting=BoardMeetingFactory(number="2025/M1", date=datetime.date(2025, 2, 12)),
        month=datetime.date(2025, 1, 1),
        as_of=datetime.date(2025, 2, 1),
    )
    html = client.get(url).content.decode()
    # the January 2025 draft shows the accounts through December 2024
    assert 'name="year" value="2024"' in html
    assert '<option value="12" selected>desember</option>' in html


def test_only_changed_actuals_are_written_with_the_user_in_the_history(
    client_for, administrator, lines
):
    client = client_for(Role.ADMINISTRATOR)
    lonn, lisenser, lokaler = lines
    client.post(grid_url(), {f"line_{lonn.pk}": "1000", f"line_{lisenser.pk}": "2000"})
    response = client.post(
        grid_url(),
        {f"line_{lonn.pk}": "1 500", f"line_{lisenser.pk}": "2000,00", f"line_{lokaler.pk}": ""},
        follow=True,
    )
    assert "lagret for 2 poster (1 endret)" in response.content.decode()
    history = MonthlyActual.history.filter(line_id=lonn.pk).order_by("history_date")
    assert [(h.history_type, h.amount, h.history_user) for h in history] == [
        ("+", Decimal("1000.00"), administrator),
        ("~", Decimal("1500.00"), administrator),
    ]
    assert MonthlyActual.history.filter(line_id=lisenser.pk).count() == 1


def test_emptying_a_field_removes_the_actual_in_the_history(administrator, lines):
    line = lines[0]
    actuals_save(year=2024, month=3, amounts={line.pk: Decimal(5)}, user=administrator)
    saved = actuals_save(year=2024, month=3, amounts={line.pk: None}, user=administrator)
    assert (saved.entered, saved.changed) == (0, 1)
    assert not MonthlyActual.objects.exists()
    last = MonthlyActual.history.filter(line_id=line.pk).latest("history_date")
    assert (last.history_type, last.history_user) == ("-", administrator)


def _cells(html: str, header: str) -> list[str]:
    """The cells of the row headed ``header`` (a line's label or a sum), as text."""
    start = html.index(f">{header}<")
    row = html[start : html.index("</tr>", start)]
    return [cell.split(">", 1)[1].split("</td>")[0] for cell in row.split("<td")[1:]]


@pytest.fixture
def both_kinds():
    """Two operating lines and an investment line for 2024."""
    return {
        "Lønn": BudgetLineFactory(year=2024, name="Lønn", annual_budget=1_200_000),
        "Lisenser": BudgetLineFactory(year=2024, name="Lisenser", annual_budget=600_000),
        "Nettverk": BudgetLineFactory(
            year=2024, kind="investment", name="Nettverk", annual_budget=2_400_000
        ),
    }


def test_the_month_is_summed_per_kind_and_never_across_kinds(client_for, both_kinds):
    """Drift and investering are two sums, each with the month typed, as in the ledger."""
    client = client_for(Role.ADMINISTRATOR)
    ids = {name: f"line_{line.pk}" for name, line in both_kinds.items()}
    actuals_save(year=2024, month=1, amounts={both_kinds["Lønn"].pk: Decimal("95000")})
    data = {ids["Lønn"]: "101 000,50", ids["Lisenser"]: "49 000", ids["Nettverk"]: "250 000"}
    html = client.post(grid_url(2), data, follow=True).content.decode()
    # budget to date, earlier months, the month typed, the year to date with it
    assert _cells(html, "Sum drift") == [
        "",
        f"300{NBSP}000,00",
        f"95{NBSP}000,00",
        f"150{NBSP}000,50",
        f"245{NBSP}000,50",
    ]
    assert _cells(html, "Sum investering") == [
        "",
        f"400{NBSP}000,00",
        "0,00",
        f"250{NBSP}000,00",
        f"250{NBSP}000,00",
    ]
    footer = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert footer.count("<tr>") == 2  # no sum of operating and investment together
    assert f"400{NBSP}000,50" not in html  # what that sum would be


def test_after_saving_january_the_year_to_date_holds_january(client_for, both_kinds):
    """The column read 0,00 on every line: it summed the months before January only."""
    client = client_for(Role.ADMINISTRATOR)
    lonn = both_kinds["Lønn"]
    response = client.post(grid_url(1), {f"line_{lonn.pk}": "90 000"}, follow=True)
    html = response.content.decode()
    assert "Regnskap hittil i år (januar 2024)" in html
    assert _cells(html, "Lønn")[-1] == f"90{NBSP}000,00"
    assert _cells(html, "Sum drift")[-2:] == [f"90{NBSP}000,00", f"90{NBSP}000,00"]


def test_a_form_shown_back_with_an_error_sums_what_can_be_read(client_for, both_kinds):
    client = client_for(Role.ADMINISTRATOR)
    ids = {name: f"line_{line.pk}" for name, line in both_kinds.items()}
    data = {ids["Lønn"]: "1.250", ids["Lisenser"]: "49 000", ids["Nettverk"]: "-1 000"}
    html = client.post(grid_url(2), data).content.decode()
    assert not MonthlyActual.objects.exists()
    assert _cells(html, "Sum drift")[-2:] == [f"49{NBSP}000,00", f"49{NBSP}000,00"]
    assert _cells(html, "Sum investering")[-2:] == [f"\u22121{NBSP}000,00"] * 2
    assert _cells(html, "Lønn")[-1] == "\u2013"  # unreadable: no year to date for the line


def test_the_sums_follow_the_typing_by_a_static_script(client_for, both_kinds):
    """The CSP forbids inline scripts: the live sums come from a file, and the fields
    and cells say which kind they belong to."""
    html = client_for(Role.ADMINISTRATOR).get(grid_url(2)).content.decode()
    assert '<script src="/static/budget/actuals.js" defer></script>' in html
    assert html.count('data-kind="operating"') == 2 and 'data-kind="investment"' in html
    assert 'data-month-sum="investment"' in html and 'data-to-date-sum="operating"' in html
