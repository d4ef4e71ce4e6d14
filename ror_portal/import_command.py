"""The command line of an import that checks a file before saving it (import_tickets,
import_ledger): FILE, ``--dry-run`` and ``--confirm-restatement``, and the file opened
with a message in words when it cannot be."""

from pathlib import Path
from typing import IO

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class FileImportCommand(BaseCommand):
    file_help = "the file, .csv or .xlsx"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=self.file_help)
        self.add_import_options(parser)

    def add_import_options(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print the check and save nothing"
        )
        parser.add_argument(
            "--confirm-restatement",
            action="store_true",
            help="import even though the file changes figures of published reports",
        )

    def handle(self, *args, file: Path, dry_run: bool, confirm_restatement: bool, **options):
        try:
            handle = file.open("rb")
        except OSError as error:
            raise CommandError(
                _("Cannot open %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
            ) from error
        with handle:
            self.import_file(handle, file.name, confirmed=confirm_restatement, dry_run=dry_run)

    def import_file(self, handle: IO[bytes], name: str, *, confirmed: bool, dry_run: bool):
        """Check the file, print the check, and import it unless ``dry_run``; a file that
        changes figures of published reports only when ``confirmed``."""
        raise NotImplementedError
