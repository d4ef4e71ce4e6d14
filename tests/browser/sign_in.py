"""Signing in to the portal in Chromium, as the browser tests' users do."""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.browser.conftest import accessible
from tests.factories import PASSWORD


def log_in(page, username, password):
    """The sign-in form on the page now shown, filled in and sent."""
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def log_in_from_the_sign_in_page(page, username="anne", password=PASSWORD):
    """To the sign-in page, checked, and signed in there (by default as the
    `administrator` fixture, who must have a second factor)."""
    page.goto("/logg-inn/")
    accessible(page)
    log_in(page, username, password)


def minutes_pass(page, minutes=10):
    """allauth's re-authentication time runs out: the session's sign-in is older."""
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    session = SessionStore(session_key=cookie["value"])
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= minutes * 60
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
