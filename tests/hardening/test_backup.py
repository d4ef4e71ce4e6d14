"""Backups: restored into an empty database, the published PDFs come back byte for byte.

Runs the real thing in subprocesses: migrate and the demo (which publishes the January
2024 report and a case document as PDF) into a scratch database and MEDIA_ROOT, then
scripts/backup, then scripts/restore into a new, empty database and media folder.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PUBLISHED_PDFS = (
    "SELECT pdf, pdf_sha256 FROM reports_reportversion"
    " UNION ALL SELECT pdf, pdf_sha256 FROM reports_casedocumentversion"
)
TEST_DATABASE_URL = os.environ.get("DATABASE_URL", "")


def run(*args: str, database_url: str, media_root: Path, check: bool = True):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "ror_portal.settings",
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    if check:
        assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
    return result


def load_demo(database_url: str, media_root: Path) -> None:
    run("manage.py", "migrate", "--no-input", database_url=database_url, media_root=media_root)
    run("manage.py", "demo", database_url=database_url, media_root=media_root)


def backup(database_url: str, media_root: Path, into: Path) -> Path:
    run("scripts/backup", str(into), database_url=database_url, media_root=media_root)
    (folder,) = into.iterdir()
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_all_files_verified(output: str, original_media: Path) -> None:
    stored = [path for path in original_media.rglob("*") if path.is_file()]
    assert len(stored) >= 2
    assert f"OK: {len(stored)} files verified" in output


def assert_pdfs_restored(rows, original_media: Path, restored_media: Path) -> None:
    assert any("2024-01" in pdf for pdf, _ in rows), f"no January 2024 report among {rows}"
    for pdf, stored_sha256 in rows:
        restored = sha256(restored_media / pdf)
        assert restored == stored_sha256 == sha256(original_media / pdf), pdf


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory):
    """A SQLite database and media folder with the demo published, and a backup of them."""
    folder = tmp_path_factory.mktemp("sqlite-backup")
    database_url, media_root = f"sqlite:///{folder / 'original.sqlite3'}", folder / "media"
    load_demo(database_url, media_root)
    return database_url, media_root, backup(database_url, media_root, folder / "backups")


@pytest.mark.database_independent
def test_sqlite_restore_into_an_empty_database_gives_back_the_pdfs(sqlite_backup, tmp_path):
    _, original_media, backup_folder = sqlite_backup
    database, media_root = tmp_path / "restored.sqlite3", tmp_path / "media"

    result = run(
        "scripts/restore",
        str(backup_folder),
        database_url=f"sqlite:///{database}",
        media_root=media_root,
    )

    assert_all_files_verified(result.stdout, original_media)
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(PUBLISHED_PDFS).fetchall()
    assert_pdfs_restored(rows, original_media, media_root)


@pytest.mark.database_independent
def test_restore_refuses_a_database_with_tables_unless_forced(sqlite_backup, tmp_path):
    original_url, original_media, backup_folder = sqlite_backup
    original = Path(original_url.removeprefix("sqlite:///"))
    before = sha256(original)

    refused = run(
        "scripts/restore",
        str(backup_folder),
        database_url=original_url,
        media_root=tmp_path / "media",
        check=False,
    )

    assert refused.returncode != 0
    assert "refusing" in refused.stderr
    assert "already has" in refused.stderr
    assert sha256(original) == before
    assert not (tmp_path / "media").exists()

    database = tmp_path / "in-use.sqlite3"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE leftover (id integer)")
    forced = run(
        "scripts/restore",
        "--force",
        str(backup_folder),
        database_url=f"sqlite:///{database}",
        media_root=tmp_path / "media",
    )
    assert_all_files_verified(forced.stdout, original_media)
    with closing(sqlite3.connect(database)) as connection:
        assert_pdfs_restored(
            connection.execute(PUBLISHED_PDFS).fetchall(), original_media, tmp_path / "media"
        )


@pytest.mark.database_independent
def test_the_backup_checks_every_published_file_first(sqlite_backup, tmp_path):
    database_url, original_media, _ = sqlite_backup

    result = run(
        "scripts/backup", str(tmp_path), database_url=database_url, media_root=original_media
    )

    assert "OK: " in result.stdout and "match their SHA-256" in result.stdout


@pytest.mark.database_independent
def test_a_changed_published_file_fails_the_backup_loudly(sqlite_backup, tmp_path):
    database_url, original_media, _ = sqlite_backup
    media = tmp_path / "media"
    shutil.copytree(original_media, media)
    with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as connection:
        [(pdf, _)] = connection.execute(PUBLISHED_PDFS + " LIMIT 1").fetchall()
    (media / pdf).write_bytes(b"%PDF-1.7 byttet ut")

    result = run(
        "scripts/backup",
        str(tmp_path / "backups"),
        database_url=database_url,
        media_root=media,
        check=False,
    )

    assert result.returncode != 0
    assert f"FAILED: {pdf} (" in result.stderr and "does not match its SHA-256" in result.stderr
    assert "backup: FAILED, no backup written" in result.stderr
    assert not (tmp_path / "backups").exists()


@pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("postgres"),
    reason="needs DATABASE_URL=postgres://… (runs in the CI's PostgreSQL pass)",
)
def test_postgresql_restore_into_an_empty_database_gives_back_the_pdfs(tmp_path):
    import psycopg

    server = urlsplit(TEST_DATABASE_URL)
    names = [f"ror_backup_test_{uuid.uuid4().hex[:8]}_{role}" for role in ("src", "dst")]
    source_url, target_url = (server._replace(path=f"/{name}").geturl() for name in names)
    with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as admin:
        try:
            for name in names:
                admin.execute(f'CREATE DATABASE "{name}"')
            load_demo(source_url, tmp_path / "original")
            backup_folder = backup(source_url, tmp_path / "original", tmp_path / "backups")
            assert (backup_folder / "database.dump").is_file()

            result = run(
                "scripts/restore",
                str(backup_folder),
                database_url=target_url,
                media_root=tmp_path / "restored",
            )

            assert_all_files_verified(result.stdout, tmp_path / "original")
            with psycopg.connect(target_url) as connection:
                rows = connection.execute(PUBLISHED_PDFS).fetchall()
            assert_pdfs_restored(rows, tmp_path / "original", tmp_path / "restored")
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
