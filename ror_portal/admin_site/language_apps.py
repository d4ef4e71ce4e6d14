"""App configs for Django's auth and django-axes that make what the admin shows of
them Norwegian (ror_portal/admin_site/names.py), and put the portal's admin of their models
in place of theirs (ror_portal/admin_site/users.py, ror_portal/admin_site/axes.py)."""

from axes.apps import AppConfig as BaseAxesConfig
from django.contrib.auth.apps import AuthConfig as BaseAuthConfig
from django.utils.translation import gettext_lazy as _


class AuthConfig(BaseAuthConfig):
    def ready(self) -> None:
        super().ready()
        from ror_portal.admin_site import users
        from ror_portal.admin_site.names import name_auth_models

        name_auth_models()
        users.register()


class AxesConfig(BaseAxesConfig):
    # The admin's section for axes is headed by its app's name ("Axes").
    verbose_name = _("Login lockout")

    def ready(self) -> None:
        super().ready()
        from ror_portal.admin_site import axes
        from ror_portal.admin_site.names import name_axes_models

        name_axes_models()
        axes.register()
