"""The W3C Nu HTML checker (npm package vnu-jar, run with Java) over many pages at once.

Java and the checker take seconds to start, so the checker runs as its own web service on
loopback, started by the first test that asks in a test process and stopped when the
process's session ends (`stop`, called from tests/conftest.py)."""

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request

from tests.tools import PROJECT, require

VNU_JAR = PROJECT / "node_modules/vnu-jar/build/dist/vnu.jar"
START_TIMEOUT = 180  # seconds: the checker reads the HTML specification as it starts

_service: tuple[subprocess.Popen, str] | None = None


def html_errors(pages: dict[str, str]) -> list[str]:
    """Validate {name: html}; returns 'name: line N: message' for every error."""
    url = _service_url()
    errors = []
    for name, html in pages.items():
        request = urllib.request.Request(  # noqa: S310 (the checker on loopback)
            f"{url}?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            messages = json.load(response)["messages"]
        errors += [
            f"{name}: line {m.get('lastLine')}: {m['message']}"
            for m in messages
            # A "non-document-error" is the checker failing to read the page: never a pass.
            if m["type"] in ("error", "non-document-error") or m.get("subType") == "fatal"
        ]
    return errors


def stop() -> None:
    global _service
    if _service is not None:
        process, _url = _service
        process.terminate()
        process.wait(timeout=30)
        _service = None


def _service_url() -> str:
    global _service
    if _service is None:
        java = require("java", "apt-get install default-jre-headless")
        require(str(VNU_JAR), "npm ci")
        port = _free_port()
        process = subprocess.Popen(
            [
                java,
                "-cp",
                str(VNU_JAR),
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _service = process, f"http://127.0.0.1:{port}/"
        _wait_until_it_answers(*_service)
    return _service[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_it_answers(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"The HTML checker stopped as it started (exit {process.returncode})"
            )
        try:
            urllib.request.urlopen(url, timeout=5).close()  # noqa: S310
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    stop()
    raise RuntimeError(f"The HTML checker did not answer within {START_TIMEOUT} s")
