import re
from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, override_settings

from reports.changes import key_figures
from ror_portal.roles import Role, roles_of


def run_demo() -> dict[str, str]:
    output = StringIO()
    call_command("demo", stdout=output)
    return dict(re.findall(r"username: (\S+)\s+password: (\S+)", output.getvalue()))


@pytest.fixture(scope="module")
def _demo_of_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo run once for these tests (it takes seconds), its files in a folder of
    the module's; rolled back after the last test."""
    files = tmp_path_factory.mktemp("demo-files")
    with (
        override_settings(MEDIA_ROOT=files),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield files, run_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo_credentials(_demo_of_module, db, settings) -> dict[str, str]:
    """The demo's users and passwords, each test's changes rolled back after it."""
    files, credentials = _demo_of_module
    settings.MEDIA_ROOT = files
    return credentials


def test_demo_creates_one_user_per_role_and_prints_working_passwords(demo_credentials):
    credentials = demo_credentials
    assert set(credentials) == {"admin", "styremedlem", "okonomi"}
    for username, role in [
        ("admin", Role.ADMINISTRATOR),
        ("styremedlem", Role.BOARD_MEMBER),
        ("okonomi", Role.FINANCE),
    ]:
        user = authenticate(
            RequestFactory().get("/"), username=username, password=credentials[username]
        )
        assert user is not None
        assert roles_of(user) == {role}


def test_demo_runs_again_without_duplicating(demo_credentials):
    counts = {model: model.objects.count() for model in [User]}
    credentials = run_demo()
    assert {model: model.objects.count() for model in [User]} == counts
    assert authenticate(
        RequestFactory().get("/"), username="styremedlem", password=credentials["styremedlem"]
    )


def test_demo_publishes_the_january_2024_report_of_the_reference_once(demo_credentials):
    from reports.models import Case, MonthlyReport, Term
    from reports.tree import numbered

    run_demo()  # a second time
    report = MonthlyReport.objects.get(month="2024-01-01")
    assert report.meeting.number == "2024/M1"
    assert str(report.meeting.date) == "2024-02-14" and str(report.as_of) == "2024-02-01"
    assert [v.number for v in report.versions.all()] == [1]
    titles = {f"{s.number} {s.section.title}" for s in numbered(report.sections.all())}
    assert {
        "1 Regnskap 2023",
        "1.2 Investeringskostnader",
        "2.1.2.6 Overholdelse av tjenestenivåavtalen – SLA",
        "2.4.1 Status pågående byggprosjekter",
        "2.11 Driftstekniske aktiviteter",
        "3 Definisjoner og begreper",
    } <= titles
    assert len(titles) == 66
    assert {
        "2.1.2.6.1 Saker med kritisk prioritet",
        "2.1.2.6.2 Overholdelse av SLA per kommune",
    } <= titles
    assert Term.objects.count() == 36
    # The standing cases first, then 004 and 005 as in the reference.
    assert list(Case.objects.values_list("number", "title", "standing")) == [
        ("2024/M1-001", "Godkjenning av innkalling og saksliste", "notice_approval"),
        ("2024/M1-002", "Godkjenning av protokoll fra forrige møte", "minutes_approval"),
        ("2024/M1-003", "Månedsrapport januar 2024", "monthly_report"),
        ("2024/M1-004", "Sikkerhetspartner", ""),
        ("2024/M1-005", "Orienteringssaker", "orientation"),
    ]
    soc = Case.objects.get(number="2024/M1-004")
    assert (soc.handler, soc.subject) == ("Alfarnes, Kristin", "anskaffelse av sikkerhetspartner.")
    # Samarbeidsrådet: a member and a deputy per municipality, Molde's member the demo
    # board member's account.
    from meetings.models import BoardMember

    members = BoardMember.objects.serving_on(report.meeting.date)
    assert members.count() == 10
    assert sorted(set(members.values_list("municipality__name", flat=True))) == [
        "Aukra", "Hustadvika", "Molde", "Rauma", "Vestnes"
    ]  # fmt: skip
    assert members.get(user__username="styremedlem").role == BoardMember.Role.MEMBER
    assert "AD;Active Directory" in report.versions.get().block_data["3"]["csv"]
    # The figures "what changed" follows, read from the stored version: the reference's
    # 140 open incidents and Medium 88,8 % within the SLA.
    figures = {
        figure.label: figure.value
        for stored in report.versions.get().block_data.values()
        for figure in key_figures(stored)
    }
    assert figures["Åpne feilmeldinger"] == 140
    assert figures["Medium – SLA OK"] == Decimal("88.8")
    # The texts that quote figures read the reference's words, from the data: 1.1, 1.2 and
    # the support sections quote their blocks' figures and the report's dates.
    text = " ".join(
        BeautifulSoup(report.versions.get().html.open().read().decode(), "html.parser")
        .get_text(" ")
        .replace("\xa0", " ")
        .split()
    )
    for sentence in [
        "Avviket beløp seg til 1,938 mill. kr eller 1,68 % budsjettoverskridelse.",
        "viser et mindreforbruk på 3,38 mill. kr.",
        "Antall åpne feilmeldinger pr 01.02.24 er 140.",
        "Antall åpne forespørsler er 455 pr 31.01.24.",
        "denne oversikten med 595 åpne saker ved oppstart februar.",
    ]:
        assert sentence in text
    assert "{{" not in text and "tallet finnes ikke" not in text


def test_every_data_block_of_the_published_demo_report_says_where_its_figures_come_from(
    demo_credentials,
):
    from bs4 import BeautifulSoup

    from reports.models import MonthlyReport

    version = MonthlyReport.objects.get(month="2024-01-01").versions.get()
    page = BeautifulSoup(version.html.open().read().decode(), "html.parser")
    origins = {
        block["data-block"]: block.select_one(".block__origin").get_text(strip=True)
        for block in page.select(".block[data-block]")
        if block.select_one(".block__origin")
    }
    without = {block["data-block"] for block in page.select(".block[data-block]")} - set(origins)
    # The portal's own lists (decisions, glossary) have no outside source.
    assert without <= {"reports.decisions", "reports.glossary"}, without
    assert origins["budget.operating_result"].startswith(
        "Kilde: Regnskap 2023 fra økonomisystemet, registrert "
    )
    assert re.fullmatch(
        r"Kilde: Pureservice-eksport importert \d\d\.\d\d\.\d{4} \d\d:\d\d "
        r"\(pureservice-demo\.csv\)",
        origins["support.sla_compliance"],
    )
    # the demo's newest status updates are of the report's "tall per" day
    assert origins["projects.status_table"] == (
        "Kilde: prosjektledernes statusoppdateringer, sist 01.02.2024"
    )
