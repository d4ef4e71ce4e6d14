from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RorPortalConfig(AppConfig):
    name = "ror_portal"
    verbose_name = _("Common")

    def ready(self) -> None:
        from ror_portal import blocks
        from ror_portal.collation import register_sqlite_collation
        from ror_portal.groups import sync_administrator_permissions

        connection_created.connect(register_sqlite_collation)
        # Permissions are created after migrations, so the group follows them then.
        post_migrate.connect(sync_administrator_permissions)
        blocks.autodiscover()
