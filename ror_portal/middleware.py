import time

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY on every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class SlidingSessionMiddleware:
    """Keeps a signed-in user's session alive while they are active, writing it at most
    every RENEW_SECONDS instead of on every request (a write per page view is what
    costs most under load). The session ends SESSION_COOKIE_AGE after the last renewal."""

    RENEW_SECONDS = 300

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get("renewed", 0) >= self.RENEW_SECONDS:
                session["renewed"] = now  # marks it modified: saved with a new expiry
        return response
