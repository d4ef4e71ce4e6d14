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


@pytest.mark.database_independent
def test_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    result = start_django(DEBUG="false", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.database_independent
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


SHOW_SIGN_IN = (
    "from django.conf import settings; "
    "print(settings.MFA_REQUIRED_ROLES); "
    "print([(a['provider_id'], a['name'], a['settings']['issuer'], a['secret'], "
    "a['settings']['email_domains'], a['settings']['two_factor_amr']) "
    "for a in settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS']]); "
    "print(settings.CONTENT_SECURITY_POLICY)"
)


def test_production_requires_a_second_factor_of_administrators_and_finance():
    production = start_django(
        DEBUG="false", SECRET_KEY="x" * 50, command=["shell", "--no-imports", "-c", SHOW_SIGN_IN]
    )
    demo = start_django(DEBUG="true", command=["shell", "--no-imports", "-c", SHOW_SIGN_IN])
    assert production.stdout.splitlines()[0] == "['Administrator', 'Økonomi']", production.stderr
    assert demo.stdout.splitlines()[0] == "[]", demo.stderr
    # no identity provider configured: no button, and forms go to the portal only
    assert demo.stdout.splitlines()[1] == "[]"
    assert "form-action 'self';" in demo.stdout.splitlines()[2]


def test_a_role_that_does_not_exist_refuses_to_start():
    result = start_django(DEBUG="true", MFA_REQUIRED_ROLES="Administrator,Styre")
    assert result.returncode != 0
    assert "MFA_REQUIRED_ROLES names no role Styre" in result.stderr


def test_each_municipalitys_tenant_is_configured_from_the_environment(tmp_path):
    secret = tmp_path / "molde-secret"
    secret.write_text("molde-secret-from-a-file\n")
    result = start_django(
        DEBUG="true",
        SSO_PROVIDERS="molde,idporten",
        SSO_MOLDE_NAME="Molde kommune",
        SSO_MOLDE_TENANT="6f1c2d3e-0000-4000-8000-000000000001",
        SSO_MOLDE_CLIENT_ID="client-molde",
        SSO_MOLDE_CLIENT_SECRET_FILE=str(secret),
        SSO_MOLDE_EMAIL_DOMAINS="molde.kommune.no",
        SSO_IDPORTEN_NAME="ID-porten",
        SSO_IDPORTEN_ISSUER="https://idporten.no",
        SSO_IDPORTEN_CLIENT_ID="client-idporten",
        SSO_IDPORTEN_CLIENT_SECRET="idporten-secret",
        SSO_IDPORTEN_TWO_FACTOR_AMR="BankID,MinID,Buypass,Commfides",
        command=["shell", "--no-imports", "-c", SHOW_SIGN_IN],
    )
    lines = result.stdout.splitlines()
    assert lines[1] == str(
        [
            (
                "molde",
                "Molde kommune",
                "https://login.microsoftonline.com/6f1c2d3e-0000-4000-8000-000000000001/v2.0",
                "molde-secret-from-a-file",
                ["molde.kommune.no"],
                ["mfa"],
            ),
            (
                "idporten",
                "ID-porten",
                "https://idporten.no",
                "idporten-secret",
                [],
                ["BankID", "MinID", "Buypass", "Commfides"],
            ),
        ]
    ), result.stderr
    # the sign-in buttons' forms may go on to the providers
    assert "form-action 'self' https://login.microsoftonline.com https://idporten.no;" in lines[2]


def test_a_provider_without_its_client_id_refuses_to_start_and_names_it():
    result = start_django(
        DEBUG="true",
        SSO_PROVIDERS="molde",
        SSO_MOLDE_NAME="Molde kommune",
        SSO_MOLDE_TENANT="6f1c2d3e-0000-4000-8000-000000000001",
        SSO_MOLDE_CLIENT_SECRET="s",
    )
    assert result.returncode != 0
    assert "SSO_MOLDE_CLIENT_ID is not set" in result.stderr
