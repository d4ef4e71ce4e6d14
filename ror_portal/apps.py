from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RorPortalConfig(AppConfig):
    name = "ror_portal"
    verbose_name = _("Common")

    def ready(self) -> None:
        from ror_portal import blocks, checklist
        from ror_portal.collation import register_sqlite_collation
        from ror_portal.groups import sync_administrator_permissions
        from ror_portal.navigation import register_link
        from ror_portal.roles import Role

        connection_created.connect(register_sqlite_collation)
        # Permissions are created after migrations, so the group follows them then.
        post_migrate.connect(sync_administrator_permissions)
        blocks.autodiscover()
        checklist.autodiscover()
        register_link("home", _("Home"), order=0)
        register_link(
            "admin:index", _("Administration"), roles=frozenset({Role.ADMINISTRATOR}), order=90
        )
