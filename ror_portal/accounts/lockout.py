"""The login lockout: django-axes locks a username from one address after
AXES_FAILURE_LIMIT wrong passwords (AXES_LOCKOUT_PARAMETERS); this handler adds that an
address trying many usernames (one password against every user) is locked for all of
them after LOGIN_ADDRESS_FAILURE_LIMIT failures. Axes compares every lockout parameter
with one limit, so the second, higher limit is counted here.
"""

import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

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
