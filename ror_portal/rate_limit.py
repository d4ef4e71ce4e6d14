"""How often one address may ask for the public's pages: PUBLIC_ACCESS_REQUESTS_PER_MINUTE
requests a minute, counted in Django's cache, which every process shares (the
database's, or Redis), so a crawler is slowed down however many workers serve it."""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from ror_portal.client_address import client_address

WINDOW = 60  # seconds


def over_limit(request) -> int | None:
    """Count the request; the seconds to wait if the address has asked too often this
    minute, else None."""
    now = time.time()
    window = int(now // WINDOW)
    key = f"publicaccess:requests:{client_address(request) or '-'}:{window}"
    try:
        count = cache.incr(key)  # the database's cache: a read and a write, no more
    except ValueError:  # the address's first request this minute
        count = 1 if cache.add(key, 1, timeout=WINDOW + 1) else cache.incr(key)
    if count <= settings.PUBLIC_ACCESS_REQUESTS_PER_MINUTE:
        return None
    return int((window + 1) * WINDOW - now) + 1


def too_many_requests(request, retry_after: int):
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)  # the next minute's answer is another
    return response
