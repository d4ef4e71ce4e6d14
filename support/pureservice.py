"""A small client for Pureservice's REST API, the support desk's, as its guide describes it:
JSON:API documents (``Accept: application/vnd.api+json``) under ``/agent/api/``, the key
in the ``X-Authorization-Key`` header, about 100 requests a minute and a 429 with
``Retry-After`` in seconds beyond that.

Only what the ticket sync needs (support/sync.py): GET one document. Whatever goes wrong
(no answer, a timeout, an error status, an answer that is not a JSON object) is a
PureserviceError with a message for the administrator; the sync then saves nothing.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from ror_portal.formatting import format_number

MEDIA_TYPE = "application/vnd.api+json"
# 429s in a row before giving up: the limit is a minute's, so a few waits clear it.
MAX_RATE_LIMITED = 3


class PureserviceError(Exception):
    """Why a request to Pureservice gave nothing usable, in words for the administrator."""


class Client:
    """Requests to one Pureservice instance, spaced ``interval`` seconds apart."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        interval: float,
        timeout: int,
        max_retry_after: int,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base = url.rstrip("/") + "/agent/api/"
        self.key = key
        self.interval = interval
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        self.sleep = sleep
        self._last_request: float | None = None

    def get(self, resource: str, params: dict[str, Any]) -> dict[str, Any]:
        """The JSON object Pureservice answers ``GET /agent/api/<resource>/?<params>`` with."""
        address = f"{self.base}{resource}/?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(  # noqa: S310 - the address is the configured https URL
            address, headers={"Accept": MEDIA_TYPE, "X-Authorization-Key": self.key}
        )
        for _attempt in range(MAX_RATE_LIMITED + 1):
            self._wait_turn()
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    body = response.read()
            except urllib.error.HTTPError as error:
                if error.code != 429:
                    raise PureserviceError(
                        _("Pureservice answered with an error (HTTP %(status)s) to %(address)s.")
                        % {"status": error.code, "address": address}
                    ) from None
                self.sleep(self._retry_after(error))
                continue
            except (urllib.error.URLError, OSError) as error:
                reason = getattr(error, "reason", error)
                if isinstance(reason, TimeoutError):
                    raise PureserviceError(
                        _("Pureservice did not answer within %(seconds)s seconds at %(address)s.")
                        % {"seconds": format_number(self.timeout), "address": address}
                    ) from None
                raise PureserviceError(
                    _("Pureservice did not answer (%(reason)s) at %(address)s.")
                    % {"reason": reason, "address": address}
                ) from None
            return _document(body, address)
        raise PureserviceError(
            _("Pureservice kept refusing requests as too many (HTTP 429). Try again later.")
        )

    def _wait_turn(self) -> None:
        """Keep to the rate Pureservice allows, whoever else calls it."""
        now = time.monotonic()
        if self._last_request is not None:
            wait = self._last_request + self.interval - now
            if wait > 0:
                self.sleep(wait)
                now += wait
        self._last_request = now

    def _retry_after(self, error: urllib.error.HTTPError) -> int:
        header = error.headers.get("Retry-After", "") if error.headers else ""
        seconds = int(header) if header.strip().isdigit() else self.max_retry_after
        if seconds > self.max_retry_after:
            raise PureserviceError(
                _(
                    "Pureservice asks to wait %(seconds)s seconds before the next request,"
                    " longer than the %(limit)s the sync waits. Try again later."
                )
                % {"seconds": seconds, "limit": self.max_retry_after}
            )
        return seconds


def _document(body: bytes, address: str) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise PureserviceError(
            _("Pureservice's answer from %(address)s is not a JSON:API document.")
            % {"address": address}
        )
    return document


def client_from_settings() -> Client | None:
    """The client for the configured instance; None unless both its settings are set."""
    if not (settings.PURESERVICE_URL and settings.PURESERVICE_API_KEY):
        return None
    return Client(
        settings.PURESERVICE_URL,
        settings.PURESERVICE_API_KEY,
        interval=settings.PURESERVICE_REQUEST_INTERVAL,
        timeout=settings.PURESERVICE_TIMEOUT,
        max_retry_after=settings.PURESERVICE_MAX_RETRY_AFTER,
    )
