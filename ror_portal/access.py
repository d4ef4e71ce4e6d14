"""The one way every portal view checks access.

Anonymous users are sent to the login page; a signed-in user without a role
that may open the page gets 403. Objects a user may not see (drafts) are 404.
The public's pages (offentleglova, /innsyn/) are open to anyone through one other
guard, ``public_page``: read-only, rate-limited and cached.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.http import require_safe

from ror_portal.rate_limit import over_limit, too_many_requests
from ror_portal.roles import Role, has_any_role


def role_required(allowed: frozenset[Role] | None = None) -> Callable:
    """Guard a view; with ``allowed`` None any signed-in user may open it."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if allowed is not None and not has_any_role(request.user, allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    return decorator


# ETag from the page's content (or the file's SHA-256 a view sets) and Last-Modified:
# a repeated visit is 304.
_conditional = decorator_from_middleware(ConditionalGetMiddleware)


def public_page(view: Callable) -> Callable:
    """Guard a public page: GET and HEAD only (405), at most
    PUBLIC_ACCESS_REQUESTS_PER_MINUTE requests a minute from one address (429), and what
    it answers kept by browsers and shared caches for PUBLIC_ACCESS_MAX_AGE seconds: it
    is the same for everyone and changes only when something is published."""

    conditional = _conditional(view)

    @require_safe
    @wraps(view)
    def guarded(request, *args, **kwargs):
        retry_after = over_limit(request)
        if retry_after is not None:
            return too_many_requests(request, retry_after)
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            # public replaces the private a download helper sets for the members' files
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_ACCESS_MAX_AGE)
        return response

    return guarded
