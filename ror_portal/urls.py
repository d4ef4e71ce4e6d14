from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from reports.views import home
from ror_portal.accounts.password_reset import LimitedPasswordResetForm
from ror_portal.forms import LoginForm
from ror_portal.views import accessibility, health

urlpatterns = [
    path("", home, name="home"),
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("helse/", health, name="health"),
    path("tilgjengelighet/", accessibility, name="accessibility"),
    path("admin/jobber/", include("jobs.urls")),
    path("admin/", admin.site.urls),
    path("", include("reports.urls")),
    path("", include("budget.urls")),
    path("", include("archive.urls")),
]
