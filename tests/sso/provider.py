"""A real OpenID Connect provider (tests/sso/idp.mjs, npm's oidc-provider) on a free port of
127.0.0.1, with the accounts and claims a test chooses, configured as one of the portal's
identity providers."""

import json
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from django.urls import reverse

from ror_portal.accounts.sso import openid_connect_app
from tests.tools import require

IDP_SCRIPT = Path(__file__).with_name("idp.mjs")
PROJECT = IDP_SCRIPT.parents[2]
PROVIDER_ID = "molde"
PROVIDER_NAME = "Molde kommune"
CALLBACK = f"/konto/oidc/{PROVIDER_ID}/login/callback/"
CLIENT_ID = "ror-portal"
CLIENT_SECRET = "test-only-client-secret"
# Molde's provider as the portal is configured for it, with no provider running.
MOLDE = openid_connect_app(
    provider_id="molde",
    name="Molde kommune",
    issuer="https://login.microsoftonline.com/6f1c2d3e-0000-4000-8000-000000000001/v2.0",
    client_id="id",
    secret="secret",
)


@dataclass
class RunningProvider:
    issuer: str

    def app(self, **options) -> dict:
        """The portal's configuration of this provider (as SSO_MOLDE_… would make it)."""
        return openid_connect_app(
            provider_id=PROVIDER_ID,
            name=PROVIDER_NAME,
            issuer=self.issuer,
            client_id=CLIENT_ID,
            secret=CLIENT_SECRET,
            **options,
        )


def account(email: str, *, verified=True, amr=("pwd",), **claims) -> dict:
    """An account at the provider: its claims (email_verified None leaves it out)."""
    made = {"email": email, "amr": list(amr), "name": "Test Testesen", **claims}
    if verified is not None:
        made["email_verified"] = verified
    return made


@contextmanager
def identity_provider(*, accounts: dict[str, dict], portal_urls: list[str]):
    """Runs the provider until the block ends; portal_urls are the portals (live server,
    test client) it may send people back to."""
    node = require("node", "apt-get install nodejs")
    require(str(PROJECT / "node_modules/oidc-provider/package.json"), "npm ci (make test runs it)")
    with tempfile.NamedTemporaryFile("w", suffix=".json") as config:
        json.dump(
            {
                "port": 0,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [url + CALLBACK for url in portal_urls],
                "accounts": accounts,
            },
            config,
        )
        config.flush()
        process = subprocess.Popen(
            [node, "--no-warnings", str(IDP_SCRIPT), config.name],
            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            line = process.stdout.readline()
            if not line.startswith("listening "):
                process.kill()
                raise RuntimeError(
                    f"The test provider did not start: {line}{process.stderr.read()}"
                )
            yield RunningProvider(issuer=line.split()[1])
        finally:
            process.terminate()
            process.wait(timeout=10)


def sign_in_through(client, login: str, *, next_url: str = "", process: str = "login"):
    """The portal's sign-in button, the provider's sign-in page, and back: the portal's
    answer to the provider's redirect."""
    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}),
        {"next": next_url, "process": process},
    )
    assert start.status_code == 302
    browser = requests.Session()
    form = browser.get(start["Location"], timeout=10)
    assert "Testkommunens innlogging" in form.text
    answer = browser.post(form.url + "/login", data={"login": login}, allow_redirects=False)
    while not answer.headers["Location"].startswith("http://testserver/"):
        location = urljoin(answer.url, answer.headers["Location"])
        answer = browser.get(location, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}")
