from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ror_portal.formatting import format_number
from support import sync
from support.management.commands import import_tickets
from support.pureservice import PureserviceError, client_from_settings


class Command(import_tickets.Command):
    help = (
        "Fetch the tickets changed in Pureservice since the last sync and import them as an"
        " export file is imported (the same checks; a bad ticket rejects them all; changed"
        " figures of published reports need --confirm-restatement)."
    )

    def add_arguments(self, parser):
        self.add_import_options(parser)  # no file: the tickets come from the API

    def handle(self, *args, dry_run: bool, confirm_restatement: bool, **options):
        client = client_from_settings()
        if client is None:
            raise CommandError(sync.not_configured())
        since = sync.last_fetched()
        on_terminal = self.stderr.isatty()
        try:
            fetched = sync.fetch_changed(
                client, since=since, told=self._fetching() if on_terminal else None
            )
        except PureserviceError as error:
            raise CommandError(str(error)) from None
        finally:
            if on_terminal:
                self.stderr.write("")  # end the progress line
        with fetched.file:
            if fetched.newest is None:  # no ticket
                self.stdout.write(sync.nothing_changed(since))
                return
            name = fetched.file_name(timezone.now())
            self.stdout.write(
                _("Fetched %(count)s tickets from Pureservice.")
                % {"count": format_number(fetched.tickets)}
            )
            self.import_file(
                fetched.file,
                name,
                confirmed=confirm_restatement,
                dry_run=dry_run,
                fetched_until=fetched.newest,
            )

    def _fetching(self):
        def show(page: int, tickets: int) -> None:
            self.stderr.write(
                "\r"
                + _("Fetching page %(page)s") % {"page": format_number(page)}
                + " · "
                + _("%(count)s tickets so far") % {"count": format_number(tickets)},
                ending="",
            )
            self.stderr.flush()

        return show
