"""Every string shown to users has a Norwegian translation, and the committed
catalogue (.po and the compiled .mo) is up to date with the code."""

import os
import shutil
import subprocess
import sys

import polib
import pytest

from tests.tools import PROJECT, require

pytestmark = pytest.mark.database_independent

CATALOGUE = "locale/nb/LC_MESSAGES/django.po"
SOURCES = [
    "manage.py",
    "ror_portal",
    "reports",
    "meetings",
    "publicaccess",
    "archive",
    "budget",
    "support",
    "projects",
    "security",
    "jobs",
    "templates",
    "locale",
    "pyproject.toml",
]


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> polib.POFile:
    """The catalogue as makemessages makes it from the code today, merged with ours."""
    require("xgettext", "apt-get install gettext")
    copy = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "ror_portal.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "nb", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(copy / CATALOGUE))


def test_every_string_has_a_norwegian_translation(fresh_catalogue):
    untranslated = [
        entry.msgid for entry in fresh_catalogue if not entry.translated() or entry.obsolete
    ]
    assert untranslated == [], "Translate these in locale/nb (make messages): " + repr(untranslated)


def test_the_committed_catalogue_has_every_string_of_the_code(fresh_catalogue):
    committed = {entry.msgid for entry in polib.pofile(str(PROJECT / CATALOGUE))}
    assert {entry.msgid for entry in fresh_catalogue} == committed


def test_the_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(PROJECT / CATALOGUE))
    mo = polib.mofile(str(PROJECT / CATALOGUE.replace(".po", ".mo")))
    # Keyed with the context too: one English phrase may have two ("ny"/"nytt" by gender).
    assert {(e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid} == {
        (e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()
    }
