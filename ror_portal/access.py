"""The one way every portal view checks access.

Anonymous users are sent to the login page; a signed-in user without a role
that may open the page gets 403. Objects a user may not see (drafts) are 404.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

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
