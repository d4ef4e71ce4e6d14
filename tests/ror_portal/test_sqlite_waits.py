"""SQLite waits for a long save instead of failing (settings.DATABASES' SQLite OPTIONS).

Two real processes on one SQLite file, each with the project's settings
(DATABASE_URL=sqlite:///…): one holds a write transaction for a while, as a slow admin
save does; the other writes meanwhile, as a second admin save or the task worker claiming
a task does. With the project's options the second one waits and succeeds; the controls
show it failing with "database is locked" with Django's default options, or with no time
to wait, so the waiting is what the options bring.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tools import PROJECT

pytestmark = pytest.mark.database_independent

HOLD = 2.0  # seconds the first process keeps its write transaction open

# Runs in each process. argv: role (hold | write | claim | claim-again), the file the holder touches
# once it holds the write lock, seconds to hold, and which options: the project's
# ("project"), Django's defaults ("django-default", what settings.py gave before), or the
# project's with no busy timeout ("no-wait").
SCRIPT = """
import json, sys, time
from pathlib import Path

import django

django.setup()
from django.db import OperationalError, connection, transaction
from django_tasks_db.utils import exclusive_transaction

role, signal, hold, options = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
if options == "django-default":
    connection.settings_dict["OPTIONS"] = {}
elif options == "no-wait":
    connection.settings_dict["OPTIONS"]["timeout"] = 0

# The holder starts its save once the writer has started (Django set up), so the writer
# meets the whole save however long either process took to start on a busy machine.
ready = signal.with_name(signal.name + "-ready")
if role == "hold":
    while not ready.exists():
        time.sleep(0.01)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO saves VALUES ('slow save')")
        signal.touch()
        time.sleep(hold)
    sys.exit()

ready.touch()
while not signal.exists():
    time.sleep(0.01)
if role == "claim-again":
    connection.ensure_connection()
# The admin's change view reads the object, then saves it, in one transaction; the
# worker claims its task inside django-tasks-db's exclusive transaction: BEGIN EXCLUSIVE
# on a connection already open, but the project's mode on a new one (connecting resets
# the mode it set), as after each reconnect (CONN_MAX_AGE).
block = transaction.atomic() if role == "write" else exclusive_transaction()
started = time.monotonic()
try:
    with block, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM saves")
        cursor.execute("INSERT INTO saves VALUES (%s)", [role])
except OperationalError as error:
    print(json.dumps({"error": str(error), "waited": time.monotonic() - started}))
    sys.exit()
with connection.cursor() as cursor:
    pragmas = {p: cursor.execute(f"PRAGMA {p}").fetchone()[0]
               for p in ("journal_mode", "busy_timeout", "synchronous")}
print(json.dumps({"waited": time.monotonic() - started, **pragmas}))
"""


def start(database: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="ror_portal.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONPATH=str(PROJECT),
    )
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def write_during_a_long_save(
    tmp_path: Path, role: str, options: str, hold: float = HOLD
) -> tuple[dict, list[str]]:
    """Runs a holder and a writer on a fresh file; the writer's report and the rows."""
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE saves (what text)")
    signal = tmp_path / "holding"
    args = (str(signal), str(hold), options)
    holder, writer = start(database, "hold", *args), start(database, role, *args)
    outputs = [process.communicate(timeout=60) for process in (holder, writer)]
    for process, (_stdout, stderr) in zip((holder, writer), outputs, strict=True):
        assert process.returncode == 0, stderr
    with sqlite3.connect(database) as check:
        rows = [what for (what,) in check.execute("SELECT what FROM saves ORDER BY rowid")]
    return json.loads(outputs[1][0]), rows


def test_a_save_during_a_long_save_waits_and_succeeds(tmp_path):
    result, rows = write_during_a_long_save(tmp_path, "write", "project")
    assert "error" not in result
    assert HOLD - 0.5 < result["waited"] < 20  # it waited for the slow save to commit
    assert rows == ["slow save", "write"]
    # WAL (readers go on while a save writes), 20 s busy timeout, synchronous=NORMAL (1).
    assert (result["journal_mode"], result["busy_timeout"], result["synchronous"]) == (
        "wal",
        20_000,
        1,
    )


def test_control_with_djangos_default_options_the_save_fails_at_once(tmp_path):
    # What an admin save met before: its transaction read before writing, and SQLite does
    # not wait to turn a reading transaction into a writing one.
    result, rows = write_during_a_long_save(tmp_path, "write", "django-default", hold=1)
    assert result["error"] == "database is locked"
    assert result["waited"] < 0.5
    assert rows == ["slow save"]


@pytest.mark.parametrize("role", ["claim", "claim-again"])
def test_the_workers_claim_during_a_long_save_waits_and_succeeds(tmp_path, role):
    result, rows = write_during_a_long_save(tmp_path, role, "project")
    assert "error" not in result
    assert HOLD - 0.5 < result["waited"] < 20
    assert rows == ["slow save", role]


def test_control_without_a_busy_timeout_the_claim_fails(tmp_path):
    # The claim meets the lock: with nothing to wait for, it is the worker's exit of the
    # finding ("database is locked" from its exclusive transaction).
    result, rows = write_during_a_long_save(tmp_path, "claim", "no-wait", hold=1)
    assert result["error"] == "database is locked"
    assert rows == ["slow save"]
