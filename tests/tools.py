"""System tools some tests drive. Missing one skips the test, but fails it in CI."""

import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def require(path_or_command: str, install_hint: str) -> str:
    found = path_or_command if Path(path_or_command).is_file() else shutil.which(path_or_command)
    if found:
        return found
    message = f"{path_or_command} is missing: {install_hint} (or run scripts/ensure-test-tools)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
