"""The login lockout behind the proxy (BEHIND_PROXY=true): every request comes from the
proxy's address (the test client's REMOTE_ADDR), and the client's is the one the proxy
appended to X-Forwarded-For."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from ror_portal.client_address import client_address
from tests.factories import PASSWORD
from tests.ror_portal.client_addresses import CLIENT_A, CLIENT_B

PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR
PROJECT = Path(__file__).resolve().parents[2]


def log_in(client, username, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        headers={"X-Forwarded-For": forwarded_for},
    )


@pytest.mark.django_db
def test_wrong_passwords_lock_the_user_from_that_client_only(behind_proxy, client, administrator):
    for _ in range(behind_proxy.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "admin", "feil", CLIENT_A).status_code == 200
    assert log_in(client, "admin", "feil", CLIENT_A).status_code == 429
    assert log_in(client, "admin", PASSWORD, CLIENT_A).status_code == 429

    response = log_in(client, "admin", PASSWORD, CLIENT_B)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(administrator.pk)


@pytest.mark.django_db
def test_a_spoofed_left_most_entry_neither_is_recorded_nor_escapes_the_lockout(
    behind_proxy, client, administrator
):
    for attempt in range(behind_proxy.AXES_FAILURE_LIMIT):
        response = log_in(client, "admin", "feil", f"10.9.8.{attempt}, {CLIENT_A}")
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT_A]


@pytest.mark.django_db
def test_an_address_trying_many_usernames_is_locked_for_every_username(
    behind_proxy, client, administrator
):
    """One password against many users: each username fails fewer times than its own
    limit, the address reaches its limit across them."""
    limit = behind_proxy.LOGIN_ADDRESS_FAILURE_LIMIT
    for number in range(limit - 1):
        assert log_in(client, f"bruker{number}", "sommer2024", CLIENT_A).status_code == 200
    response = log_in(client, "bruker-siste", "sommer2024", CLIENT_A)
    assert response.status_code == 429
    assert "For mange mislykkede innlogginger" in response.content.decode()
    # the right password of a user not tried is refused from that address too
    assert log_in(client, "admin", PASSWORD, CLIENT_A).status_code == 429
    assert "_auth_user_id" not in client.session

    assert log_in(client, "admin", PASSWORD, CLIENT_B).status_code == 302


@pytest.mark.parametrize(
    ("behind", "proxy_count", "forwarded_for", "address"),
    [
        (True, 1, CLIENT_A, CLIENT_A),
        (True, 1, f"10.9.8.7, {CLIENT_A}", CLIENT_A),
        (True, 2, f"10.9.8.7, {CLIENT_A}, 10.0.0.2", CLIENT_A),
        # a request that did not pass all the proxies: the one that sent it
        (True, 2, CLIENT_A, PROXY),
        (True, 1, "", PROXY),
        # what the proxy appended is not an address: never stored as one
        (True, 1, "unknown", PROXY),
        # not behind a proxy, a client's X-Forwarded-For says nothing
        (False, 1, CLIENT_A, PROXY),
    ],
)
def test_client_address(settings, behind, proxy_count, forwarded_for, address):
    settings.BEHIND_PROXY, settings.PROXY_COUNT = behind, proxy_count
    request = RequestFactory().get("/", headers={"X-Forwarded-For": forwarded_for})
    assert client_address(request) == address


def test_a_request_on_a_unix_socket_has_no_address(settings):
    settings.BEHIND_PROXY = False
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="")) is None


def test_a_proxy_count_below_one_refuses_to_start():
    """Counted from the right, 0 would take the left-most entry, which the client writes."""
    env = {**os.environ, "DEBUG": "true", "BEHIND_PROXY": "true", "PROXY_COUNT": "0"}
    started = subprocess.run(
        [sys.executable, "-c", "import ror_portal.settings"],
        cwd=PROJECT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert started.returncode != 0
    assert "PROXY_COUNT must be 1 or more, not 0." in started.stderr
