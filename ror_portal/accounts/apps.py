from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ror_portal.accounts"
    label = "accounts"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        from ror_portal.accounts import audit
        from ror_portal.accounts.admin import leave_out_allauth_admin

        audit.connect()
        leave_out_allauth_admin()
