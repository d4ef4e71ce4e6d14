"""Load test on 127.0.0.1 with wrk against gunicorn, as the README runs it in production.

Sets up a scratch PostgreSQL database with the demo, starts gunicorn (DEBUG off,
WhiteNoise's compressed static files), signs in a board member, then runs wrk with
32 connections for DURATION seconds (default 30) against a minimal view, the home
page, the published report page and its PDF. Prints requests/s, latency
percentiles, errors, and each page's requests/s as a share of the minimal view's.

    .venv/bin/python bench/load.py            (needs wrk: apt-get install wrk)
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "ror_bench_load"
PORT = 8765
DURATION = int(os.environ.get("DURATION", "30"))
PAGES = [
    ("minimal view", "/helse/"),
    ("home page", "/"),
    ("published report", "/rapporter/2024-01/"),
    ("report PDF", "/rapporter/2024-01/pdf/"),
]


def manage(env, *args, capture=False):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True,
        capture_output=capture, text=True,
    )  # fmt: skip


def wrk(url: str, cookie: str) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{DURATION}s", "--latency", "-H", f"Cookie: {cookie}", url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency": percentiles,
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def csrf_cookie(port: int) -> str:
    """The CSRF cookie a browser gets with the login page and then sends on every request;
    without it every page with a form (the header's log-out button) would make a new one."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/logg-inn/", timeout=5) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    for cookie in cookies:
        name, _, value = cookie.split(";")[0].partition("=")
        if name == "csrftoken":
            return value
    sys.exit("The login page set no csrftoken cookie; is CSRF_USE_SESSIONS on?")


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    folder = Path(tempfile.mkdtemp(prefix="ror-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ror_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
    }
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")  # before publishing: the PDF's stylesheet
    manage(env, "demo", capture=True)
    session = manage(env, "shell", "-c", SIGN_IN, capture=True).stdout.strip().splitlines()[-1]
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "ror_portal.wsgi", "--bind",
         f"127.0.0.1:{PORT}", "--workers", "3", "--log-level", "warning"],
        cwd=PROJECT, env=env,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/helse/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        cookie = f"sessionid={session}; csrftoken={csrf_cookie(PORT)}"
        results = {name: wrk(f"http://127.0.0.1:{PORT}{path}", cookie) for name, path in PAGES}
    finally:
        gunicorn.terminate()
        gunicorn.wait()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)

    baseline = results["minimal view"]["rps"]
    print(
        f"wrk: 32 connections, {DURATION} s each; gunicorn with 3 workers on {os.cpu_count()} cores"
    )
    print(
        f"{'page':<18} {'req/s':>9} {'p50':>9} {'p90':>9} {'p99':>9} {'errors':>7}"
        f" {'of minimal':>11}"
    )
    for name, result in results.items():
        latency = result["latency"]
        print(
            f"{name:<18} {result['rps']:>9.1f} {latency.get('50', '-'):>9}"
            f" {latency.get('90', '-'):>9} {latency.get('99', '-'):>9} {result['errors']:>7}"
            f" {result['rps'] / baseline:>10.0%}"
        )


SIGN_IN = """
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username="styremedlem")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "ror_portal.backends.RoleModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print(session.session_key)
"""

if __name__ == "__main__":
    main()
