import time

from django.conf import settings
from django.shortcuts import redirect

from ror_portal.accounts.sign_in import must_set_up_second_factor


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


class SecondFactorSetupMiddleware:
    """Takes a signed-in user who must have a second factor and has none to set one up
    (ror_portal.accounts.sign_in.must_set_up_second_factor), before any other page."""

    # The pages of setting one up, and of leaving.
    SETUP_PAGES = frozenset(
        {
            "mfa_index",
            "mfa_activate_totp",
            "mfa_add_webauthn",
            "mfa_list_webauthn",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
            "account_reauthenticate",
            "mfa_reauthenticate",
            # a user without a password confirms it is them through their municipality
            "openid_connect_login",
            "openid_connect_callback",
            "logout",
            "account_logout",
            "accessibility",
            "health",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The set-up page says why the user is there.
        request.second_factor_missing = must_set_up_second_factor(request)
        match = request.resolver_match
        if request.second_factor_missing and match.url_name not in self.SETUP_PAGES:
            return redirect("mfa_index")
        return None
