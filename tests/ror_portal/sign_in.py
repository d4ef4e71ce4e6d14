"""Signing in with the test client, and allauth's few minutes after it running out."""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.urls import reverse

from tests.factories import PASSWORD


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def minutes_pass(client, minutes=10):
    """allauth's re-authentication time runs out: the session's sign-in is older."""
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] -= minutes * 60
    session.save()
