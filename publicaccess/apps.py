from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicAccessConfig(AppConfig):
    name = "publicaccess"
    # offentleglova: what of the board's papers the public may read, and the archive's copy.
    verbose_name = _("Public access")

    def ready(self) -> None:
        from publicaccess import admin, book_edition, editions

        # The public edition is made with every version the board is given, in the
        # same transaction; a marking changed since the last version is a change to
        # publish. The publish confirmations list what the public edition leaves out.
        editions.connect()
        # The meeting book's public edition is made with each of its versions.
        book_edition.connect_book()
        admin.attach()
