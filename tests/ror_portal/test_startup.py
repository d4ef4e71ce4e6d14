"""What a web process or task worker loads at start: not matplotlib (55 MB) and
WeasyPrint (26 MB), which only drawing a chart or making a PDF needs. A worker that
imports tickets stays within its memory that way (bench/admin_import.py)."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_a_started_process_has_not_loaded_matplotlib_or_weasyprint():
    code = (
        "import sys, django; django.setup(); import ror_portal.urls; "
        "from django.core.management import load_command_class; "
        "load_command_class('django_tasks_db', 'db_worker'); "
        "print(sorted(m for m in ('matplotlib', 'weasyprint') if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ror_portal.settings", "DEBUG": "true"}
    env.pop("DATABASE_URL", None)
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert loaded.stdout.strip() == "[]"
