"""One cache for every process (settings.CACHES): Django's database cache by default, its
table made by `migrate`, or Redis when REDIS_URL is set. allauth keeps the TOTP codes
already used there, so a code signs in once however many server processes there are.

The two-process test runs two real servers (`manage.py runserver`, as two gunicorn
workers would be) on one database, and signs in through each with the same code: a fresh
SQLite file made by `migrate` alone, and on PostgreSQL the test database."""

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.factories import PASSWORD
from tests.tools import PROJECT
from tests.totp import totp_code

SERVER_START = 60  # seconds for a development server to answer


def sqlite(database: Path) -> str:
    return f"sqlite:///{database}"


def django_env(database_url: str, **environment) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="ror_portal.settings",
        DEBUG="true",
        DATABASE_URL=database_url,
        **environment,
    )
    return env


def manage(database_url: str, *command: str, **environment) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=PROJECT,
        env=django_env(database_url, **environment),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def cache_of(tmp_path, **environment) -> str:
    """The default cache's backend and location as the settings give them."""
    return manage(
        sqlite(tmp_path / "db.sqlite3"),
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'])",
        **environment,
    ).strip()


@pytest.mark.database_independent
def test_the_database_cache_by_default(tmp_path):
    assert cache_of(tmp_path) == "django.core.cache.backends.db.DatabaseCache portal_cache"


@pytest.mark.database_independent
def test_redis_when_redis_url_is_set(tmp_path):
    # Nothing listens on port 1: the error shows that the cache really goes to Redis there.
    url = "redis://127.0.0.1:1/0"
    assert cache_of(tmp_path, REDIS_URL=url) == (
        f"django.core.cache.backends.redis.RedisCache {url}"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "from django.core.cache import cache; cache.set('k', 1)"],
        cwd=PROJECT, env=django_env(sqlite(tmp_path / "db.sqlite3"), REDIS_URL=url),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "redis.exceptions.ConnectionError" in result.stderr


@pytest.mark.database_independent
def test_migrate_makes_the_cache_table(tmp_path):
    """A fresh database gets the table from `migrate` alone (no `createcachetable`), and
    the cache keeps a key in it; a migration back removes it."""
    database = sqlite(tmp_path / "db.sqlite3")
    manage(database, "migrate", "--no-input", "-v", "0")
    check = (
        "from django.core.cache import cache; from django.db import connection; "
        "print('portal_cache' in connection.introspection.table_names(), "
        "cache.add('once', 1), cache.add('once', 2))"
    )
    assert manage(database, "shell", "--no-imports", "-c", check).split() == [
        "True",
        "True",
        "False",
    ]
    manage(database, "migrate", "accounts", "0002", "-v", "0")
    tables = "from django.db import connection; print(connection.introspection.table_names())"
    assert "portal_cache" not in manage(database, "shell", "--no-imports", "-c", tables)


class Browser:
    """One person's browser: its own cookies, redirects not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body)"""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (http://)
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", ""), answer.read().decode()

    def post_form(self, path: str, fields: dict) -> tuple[int, str, str]:
        _, _, page = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:500]
        return self.request(path, {"csrfmiddlewaretoken": html.unescape(token[1]), **fields})

    def sign_in(self, username: str, code: str) -> tuple[int, str, str]:
        status, location, _ = self.post_form(
            "/logg-inn/", {"username": username, "password": PASSWORD}
        )
        assert (status, location) == (302, "/konto/2fa/authenticate/")
        return self.post_form("/konto/2fa/authenticate/", {"code": code})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database_url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with log.open("ab") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=PROJECT, env=django_env(database_url), stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/helse/", timeout=5).close()  # noqa: S310
            return server, base
        except OSError:
            assert server.poll() is None, log.read_text()
            time.sleep(0.2)
    server.kill()
    raise AssertionError(f"the server did not start: {log.read_text()}")


def wait_for_a_fresh_code() -> None:
    """Until the app's code has at least 12 of its 30 seconds left for the sign-ins."""
    if time.time() % 30 > 18:
        time.sleep(30 - time.time() % 30 + 0.1)


@pytest.fixture(
    params=[pytest.param("sqlite", marks=pytest.mark.database_independent), "postgresql"]
)
def database(request, tmp_path) -> str:
    """The URL of a database the servers share: a fresh SQLite file made by `migrate`, or
    the PostgreSQL test database (which the test's own process leaves empty)."""
    if request.param == "sqlite":
        url = sqlite(tmp_path / "db.sqlite3")
        manage(url, "migrate", "--no-input", "-v", "0")
        return url
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL as the test database: its SQLite test database is in memory, "
            "which another process cannot share (the SQLite file case runs instead)"
        )
    request.getfixturevalue("transactional_db")
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or "5432"
    return f"postgres://{credentials}@{host}:{port}/{settings['NAME']}"


def test_a_code_signs_in_once_through_two_processes(database, tmp_path):
    made = manage(
        database, "shell", "--no-imports", "-c",
        "from django.contrib.auth.models import User\n"
        "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret\n"
        "for name in ('anne', 'bjorn'):\n"
        f"    user = User.objects.create_user(name, password={PASSWORD!r})\n"
        "    secret = generate_totp_secret()\n"
        "    TOTP.activate(user, secret)\n"
        "    print(name, secret)\n",
    )  # fmt: skip
    secrets = dict(line.split() for line in made.splitlines())
    first, first_base = start_server(database, tmp_path / "first.log")
    second, second_base = start_server(database, tmp_path / "second.log")
    try:
        wait_for_a_fresh_code()
        code, bjorn = totp_code(secrets["anne"]), totp_code(secrets["bjorn"])
        # Anne signs in through the first process.
        assert Browser(first_base).sign_in("anne", code)[:2] == (302, "/")
        # Someone who saw the code tries it through the second process, within its 30 s.
        status, location, page = Browser(second_base).sign_in("anne", code)
        assert (status, location) == (200, "")
        assert "Feil kode" in page
        # Control: the second process takes a right code that was not used (Bjørn's),
        # and the first refuses Anne's used code as well.
        assert Browser(second_base).sign_in("bjorn", bjorn)[:2] == (302, "/")
        assert Browser(first_base).sign_in("anne", code)[0] == 200
    finally:
        for server in (first, second):
            server.terminate()
            server.wait(timeout=30)
