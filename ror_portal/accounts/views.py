"""The portal's login page: Django's, with django-allauth's sign-in steps after the
password (the second factor) and the identity providers' buttons."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.contrib.auth.views import LoginView

from ror_portal.forms import LoginForm


class PortalLoginView(LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        """The password was right (and not locked, django-axes): allauth's stages take
        the sign-in on (a second factor when the user has one) and then sign in."""
        user = form.get_user()
        # allauth's record of how the session was signed in. The password was just
        # typed, so it counts as given again (reauthenticated) for allauth's few minutes:
        # setting up a second factor right after signing in does not ask for it twice.
        record_authentication(
            self.request, user, method="password", username=user.username, reauthenticated=True
        )
        return perform_login(self.request, user, redirect_url=self.get_success_url())
