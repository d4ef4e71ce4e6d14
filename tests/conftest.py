import datetime
from importlib import import_module

import pytest

from ror_portal.groups import sync_administrator_permissions
from ror_portal.roles import Role
from tests import html_validator
from tests.factories import (
    BoardMeetingFactory,
    MonthlyReportFactory,
    SectionFactory,
    TermFactory,
    UserFactory,
)

# Helpers moved out of test modules keep pytest's detailed assertion messages.
pytest.register_assert_rewrite("tests.sso.provider")


def pytest_sessionfinish(session, exitstatus):
    html_validator.stop()


@pytest.fixture
def board_member(db):
    return UserFactory(username="styre", first_name="Bjørn", role=Role.BOARD_MEMBER)


@pytest.fixture
def finance_user(db):
    return UserFactory(username="okonomi", first_name="Frida", role=Role.FINANCE)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", first_name="Anne", role=Role.ADMINISTRATOR)


@pytest.fixture
def client_for(client, board_member, finance_user, administrator):
    """A test client signed in as a role, or anonymous (None)."""
    users = {
        None: None,
        Role.BOARD_MEMBER: board_member,
        Role.FINANCE: finance_user,
        Role.ADMINISTRATOR: administrator,
    }

    def sign_in(role: Role | None):
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Stored files (published versions, attachments) go to a folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report_with_glossary(db):
    """A small January 2024 report: two main sections, a subsection, and the glossary."""
    report = MonthlyReportFactory()
    accounts = SectionFactory(report=report, title="Regnskap 2023", body="Innledning.")
    SectionFactory(
        report=report,
        parent=accounts,
        title="Driftsresultat",
        body="Merforbruk på **1,938 mill. kr**.",
    )
    SectionFactory(report=report, title="Definisjoner og begreper", block="reports.glossary")
    TermFactory(term="SOC", definition="Security Operations Center")
    TermFactory(term="AD", definition="Active Directory")
    TermFactory(term="Ørsta-nett", definition="Et tenkt begrep med Ø.")
    TermFactory(term="Zero trust", definition="Ingen tillit som standard.")
    return report


@pytest.fixture
def next_meeting(db):
    return BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13))


@pytest.fixture
def migration_data(transactional_db):
    """Transactional tests (live-server, threads) flush the database after each test; this
    brings back what the data migrations made (member municipalities, role groups, SLA
    targets). pytest-django runs them after the others, and `make test` hands tests to its
    processes in that order (`--dist load`), so the others never see an emptied database."""
    from django.apps import apps

    for data_migration in (
        "ror_portal.migrations.0002_members_and_groups",
        "support.migrations.0002_sla_targets",
        "publicaccess.migrations.0002_legal_bases",
    ):
        import_module(data_migration).create(apps, None)
    sync_administrator_permissions()
