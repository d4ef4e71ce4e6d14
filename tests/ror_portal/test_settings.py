import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.db import connection

from tests.factories import UserFactory
from tests.tools import PROJECT


def start_django(command=("check",), **environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="ror_portal.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    result = start_django(DEBUG="false", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_starts_with_secret_key_and_debug_off(tmp_path):
    result = start_django(
        DEBUG="false", SECRET_KEY="x" * 50, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3"
    )
    assert result.returncode == 0, result.stderr


def test_a_secret_can_come_from_a_file(tmp_path, monkeypatch):
    from ror_portal.env import env_str

    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env_str("SECRET_KEY") == "from-a-file"


def test_a_misspelt_boolean_is_an_error_not_a_guess(monkeypatch):
    from ror_portal.env import MissingSetting, env_bool

    monkeypatch.setenv("DEBUG", "ja")
    with pytest.raises(MissingSetting, match="DEBUG must be true or false"):
        env_bool("DEBUG")


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="prepared statements are PostgreSQL's (the CI's PostgreSQL pass)",
)
def test_postgresql_prepares_a_query_the_connection_runs_often():
    user = UserFactory()
    for _ in range(6):
        assert list(User.objects.filter(pk=user.pk)) == [user]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "auth_user" WHERE%'],
        )
        assert cursor.fetchone()[0] == 1


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    show = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    url = "postgres://postgres@127.0.0.1:5432/postgres"  # read, never connected to
    on = start_django(DEBUG="true", DATABASE_URL=url, command=["shell", "-c", show])
    off = start_django(
        DEBUG="true", DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="false",
        command=["shell", "-c", show],
    )  # fmt: skip
    assert "'server_side_binding': True" in on.stdout, on.stderr
    assert "server_side_binding" not in off.stdout, off.stderr
