import pytest

from ror_portal.roles import Role
from tests.factories import UserFactory


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
