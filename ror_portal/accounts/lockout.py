"""The login lockout: django-axes locks a username from one address after
AXES_FAILURE_LIMIT wrong passwords (AXES_LOCKOUT_PARAMETERS); this handler adds that an
address trying many usernames (one password against every user) is locked for all of
them after LOGIN_ADDRESS_FAILURE_LIMIT failures. Axes compares every lockout parameter
with one limit, so the second, higher limit is counted here.
"""

import logging
from collections.abc import Callable

from allauth.core.exceptions import ImmediateHttpResponse
from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def address_failures(request: HttpRequest) -> int:
    """Wrong passwords from the request's address within the cool-off, for any username."""
    # Axes sets axes_ip_address on the request before it asks the handler.
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def address_is_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class PortalAxesHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or (
            # axes.conf puts its defaults on the settings at start-up, outside settings.py
            settings.AXES_LOCK_OUT_AT_FAILURE  # type: ignore[misc]
            and address_is_locked(request)
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The failure that reaches the address's limit is answered with the lockout
        # page at once, as axes does for the username's limit.
        if request is None or request.axes_locked_out or self.is_allowed(request, credentials):
            return
        logger.warning(
            "Locking out the address %s after %s failed logins for any username.",
            request.axes_ip_address,
            settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        )
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )


# Wrong answers (password or code) this session gave to confirm it is you.
WRONG_REAUTHENTICATIONS = "ror_wrong_reauthentications"


def checked_reauthentication(request: HttpRequest, check: Callable[[], str]) -> str:
    """An answer given to confirm it is you (reauthentication), checked by `check`. The
    lockout counts wrong ones per username and address; a session that gives
    LOGIN_FAILURE_LIMIT wrong answers in a row is also signed out, so that whoever holds
    a stolen session cannot go on guessing from one address after another."""
    try:
        answer = check()
    except ValidationError:
        wrong = request.session.get(WRONG_REAUTHENTICATIONS, 0) + 1
        if wrong < settings.AXES_FAILURE_LIMIT:
            request.session[WRONG_REAUTHENTICATIONS] = wrong
            raise
        logger.warning(
            "Signing out %s after %s wrong answers to confirm it is them, from %s.",
            request.user.get_username(),
            wrong,
            getattr(request, "axes_ip_address", None),
        )
        logout(request)
        messages.error(
            request, _("You were signed out after too many wrong answers. Sign in again.")
        )
        # When the same answer locked the username too, the axes middleware shows the
        # lockout page instead.
        raise ImmediateHttpResponse(redirect(settings.LOGIN_URL)) from None
    request.session.pop(WRONG_REAUTHENTICATIONS, None)
    return answer
