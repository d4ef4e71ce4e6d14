import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command

from ror_portal.roles import Role, roles_of


def run_demo() -> dict[str, str]:
    output = StringIO()
    call_command("demo", stdout=output)
    return dict(re.findall(r"username: (\S+)\s+password: (\S+)", output.getvalue()))


@pytest.mark.django_db
def test_demo_creates_one_user_per_role_and_prints_working_passwords():
    credentials = run_demo()
    assert set(credentials) == {"admin", "styremedlem", "okonomi"}
    for username, role in [
        ("admin", Role.ADMINISTRATOR),
        ("styremedlem", Role.BOARD_MEMBER),
        ("okonomi", Role.FINANCE),
    ]:
        user = authenticate(username=username, password=credentials[username])
        assert user is not None
        assert roles_of(user) == {role}


@pytest.mark.django_db
def test_demo_runs_again_without_duplicating():
    run_demo()
    counts = {model: model.objects.count() for model in [User]}
    credentials = run_demo()
    assert {model: model.objects.count() for model in [User]} == counts
    assert authenticate(username="styremedlem", password=credentials["styremedlem"])
