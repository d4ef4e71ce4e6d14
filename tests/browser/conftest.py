"""Playwright driving Debian's Chromium against Django's live server.

Every page a test visits must be checked with axe-core: `accessible(page)`
runs it, and a test that leaves a visited page unchecked fails.
"""

import re
import shutil
import sqlite3
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connection

from ror_portal.roles import Role
from tests.factories import UserFactory
from tests.tools import require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.database_independent)


@pytest.fixture(scope="session")
def browser():
    executable = require(CHROMIUM, "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _migration_data(migration_data):
    """Every live-server test starts with what the data migrations made."""


@pytest.fixture
def demo_passwords(live_server, settings, tmp_path_factory) -> dict[str, str]:
    """The demo data (`manage.py demo`), and its users' passwords by username.

    The demo takes seconds: it imports 11 000 tickets and publishes the January report,
    PDFs included. With SQLite's in-memory test database, the first test of a test process
    that asks loads it and keeps a copy of the database and the files; later tests get
    that copy back through SQLite's backup API, in milliseconds. On another database each
    test loads the demo."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return _demo_loaded()
    connection.ensure_connection()
    if not _DEMO_COPY:
        passwords = _demo_loaded()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        files = tmp_path_factory.mktemp("demo-files")
        shutil.copytree(settings.MEDIA_ROOT, files, dirs_exist_ok=True)
        _DEMO_COPY.update(database=copy, files=files, passwords=passwords)
        return passwords
    _DEMO_COPY["database"].backup(connection.connection)
    shutil.copytree(_DEMO_COPY["files"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    return dict(_DEMO_COPY["passwords"])


_DEMO_COPY: dict = {}


def _demo_loaded() -> dict[str, str]:
    output = StringIO()
    call_command("demo", stdout=output)
    return dict(re.findall(r"username: (\S+)\s+password: (\S+)", output.getvalue()))


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets axe-core's script run under the portal's Content Security Policy.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nb-NO")
    context.set_default_timeout(10_000)
    page = context.new_page()
    visited: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and visited.append(frame.url))
    page.checked_urls = set()
    yield page
    context.close()
    unchecked = [url for url in visited if url not in page.checked_urls and url != "about:blank"]
    assert not unchecked, f"Pages visited without an axe-core check: {unchecked}"


def accessible(page) -> None:
    """Fail on any axe-core violation on the page as it is now."""
    page.wait_for_load_state()
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    page.checked_urls.add(page.url)


@pytest.fixture
def anne(transactional_db, settings):
    """An administrator, Anne, whose role must have a second factor."""
    settings.MFA_REQUIRED_ROLES = [Role.ADMINISTRATOR, Role.FINANCE]
    return UserFactory(username="anne", first_name="Anne", role=Role.ADMINISTRATOR)


@pytest.fixture
def authenticator(page):
    """A platform authenticator that verifies the user at once (fingerprint, PIN)."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    yield devtools, added["authenticatorId"]
    devtools.send(
        "WebAuthn.removeVirtualAuthenticator", {"authenticatorId": added["authenticatorId"]}
    )
