import os
import subprocess
import sys

from tests.tools import PROJECT


def start_django(**environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="ror_portal.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
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
    import pytest

    from ror_portal.env import MissingSetting, env_bool

    monkeypatch.setenv("DEBUG", "ja")
    with pytest.raises(MissingSetting, match="DEBUG must be true or false"):
        env_bool("DEBUG")
