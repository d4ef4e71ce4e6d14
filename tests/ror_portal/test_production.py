"""The production configuration: check --deploy is clean, headers, login throttling, sessions."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD
from tests.tools import PROJECT


def test_check_deploy_passes_with_production_settings(tmp_path):
    unset = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="ror_portal.settings",
        DEBUG="false",
        SECRET_KEY="p" * 20 + "r0d-k3y-w1th-3n0ugh-ch4r4ct3rs-4nd-v4r13ty!",
        ALLOWED_HOSTS="portal.ror-ikt.no",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        BEHIND_PROXY="true",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_response_has_the_security_headers(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_sessions_end_after_inactivity_and_cookies_are_http_only():
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_an_active_session_is_renewed_but_not_written_on_every_request(
    client, board_member, monkeypatch
):
    from django.contrib.sessions.models import Session

    client.force_login(board_member)
    client.get(reverse("home"))
    first = Session.objects.get().expire_date
    client.get(reverse("home"))
    assert Session.objects.get().expire_date == first  # not written again at once
    import ror_portal.middleware

    later = ror_portal.middleware.time.time() + 301
    monkeypatch.setattr(ror_portal.middleware.time, "time", lambda: later)
    client.get(reverse("home"))
    assert Session.objects.get().expire_date > first


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_with_a_norwegian_message(client, board_member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "styre", "password": "feil"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "styre", "password": "feil"})
    assert response.status_code == 429
    assert "For mange mislykkede innlogginger" in response.content.decode()
    assert "15 minutter" in response.content.decode()
    # even the right password is refused while locked
    response = client.post(reverse("login"), {"username": "styre", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_validators_refuse_a_weak_password(client, board_member):
    client.force_login(board_member)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "Passordet" in response.content.decode() or "passord" in response.content.decode()
    board_member.refresh_from_db()
    assert board_member.check_password(PASSWORD)
