from allauth.account import views as allauth_views
from allauth.socialaccount import views as social_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from reports.views import home
from ror_portal.accounts.password_reset import LimitedPasswordResetForm
from ror_portal.accounts.views import PortalLoginView
from ror_portal.views import accessibility, health

login = PortalLoginView.as_view()
logout = auth_views.LogoutView.as_view()

urlpatterns = [
    path("", home, name="home"),
    path("logg-inn/", login, name="login"),
    path("logg-ut/", logout, name="logout"),
    path("passord/endre/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "passord/endre/ferdig/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "passord/glemt/",
        auth_views.PasswordResetView.as_view(form_class=LimitedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "passord/glemt/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passord/ny/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passord/ny/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # django-allauth's pages the portal uses (its sign-up, e-mail and password pages it
    # does not: the portal's above keep their limits): second factors, asking for the
    # password again before changing them, and the identity providers' sign-in.
    path("konto/2fa/", include("allauth.mfa.urls")),
    path("konto/bekreft/", allauth_views.reauthenticate, name="account_reauthenticate"),
    path("konto/", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("konto/sso/avbrutt/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("konto/sso/feil/", social_views.login_error, name="socialaccount_login_error"),
    # allauth's redirects go to the portal's own login and logout (the last pattern
    # of a name is the one reversed).
    path("logg-inn/", login, name="account_login"),
    path("logg-ut/", logout, name="account_logout"),
    path("helse/", health, name="health"),
    path("tilgjengelighet/", accessibility, name="accessibility"),
    path("", include("meetings.urls")),
    path("innsyn/", include("publicaccess.urls")),
    path("admin/jobber/", include("jobs.urls")),
    path("admin/", admin.site.urls),
    path("", include("reports.urls")),
    path("", include("budget.urls")),
    path("", include("archive.urls")),
]
