"""The W3C Nu HTML checker (npm package vnu-jar, run with Java) over many pages at once."""

import json
import subprocess
from pathlib import Path

from tests.tools import PROJECT, require

VNU_JAR = PROJECT / "node_modules/vnu-jar/build/dist/vnu.jar"


def html_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """Validate {name: html}; returns 'name: line N: message' for every error."""
    java = require("java", "apt-get install default-jre-headless")
    require(str(VNU_JAR), "npm ci")
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, folder.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
