from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ror_portal.formatting import format_number
from support import sync
from support.importing import check_tickets, import_tickets
from support.pureservice import PureserviceError, client_from_settings


class Command(BaseCommand):
    help = (
        "Fetch the tickets changed in Pureservice since the last sync and import them as an"
        " export file is imported (the same checks; a bad ticket rejects them all)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="fetch and check, print what an import would do, and save nothing",
        )

    def handle(self, *args, dry_run: bool, **options):
        client = client_from_settings()
        if client is None:
            raise CommandError(sync.not_configured())
        since = sync.last_fetched()
        on_terminal = self.stderr.isatty()
        try:
            fetched = sync.fetch_changed(
                client, since=since, told=self._progress() if on_terminal else None
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
            if dry_run:
                summary = check_tickets(fetched.file, name)
            else:
                # The refusal of an import that changes published figures goes here,
                # before anything is saved, when that check exists.
                summary = import_tickets(fetched.file, name, fetched_until=fetched.newest)
        if not summary.ok:
            for message in summary.errors:
                self.stderr.write(message)
            raise CommandError(summary.rejection_text())
        self.stdout.write(summary.counts_text())
        if dry_run:
            self.stdout.write(_("Nothing was saved (--dry-run)."))

    def _progress(self):
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
