"""The address a request comes from, as the portal's own proxy saw it.

Behind the proxy (BEHIND_PROXY) every request arrives from the proxy, so REMOTE_ADDR is
the same for everyone. Each proxy appends the address it received the request from to
X-Forwarded-For; what a client sends in that header comes before them and can say
anything. So the client is the entry PROXY_COUNT places from the right, never the
left-most one.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the one the outermost of our PROXY_COUNT proxies appended
    to X-Forwarded-For, else REMOTE_ADDR (not behind a proxy, or a request that did not
    pass all of them)."""
    # Empty on a Unix socket: no address rather than an empty one.
    remote_address = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_PROXY:
        return remote_address
    forwarded_for = [
        entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    ]
    if len(forwarded_for) < settings.PROXY_COUNT:
        return remote_address
    appended_by_proxy = forwarded_for[-settings.PROXY_COUNT]
    try:
        # Only our proxies write here; anything but an address means they were
        # bypassed or are set up wrong, and is not stored as one.
        return str(ipaddress.ip_address(appended_by_proxy))
    except ValueError:
        return remote_address
