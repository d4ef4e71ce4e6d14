from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.http import multipartparser
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
        # Django refuses a multipart part whose headers pass 1 KiB with a bare «Bad Request
        # (400)» before any view runs: a file name of some 900 characters does. With room
        # for 8 KiB the upload reaches its form, which says the name is too long.
        multipartparser.MAX_TOTAL_HEADER_SIZE = 8 * 1024  # type: ignore[attr-defined]  # not in the stubs
        register_link("home", _("Home"), order=0)
        register_link(
            "admin:index", _("Administration"), roles=frozenset({Role.ADMINISTRATOR}), order=90
        )
