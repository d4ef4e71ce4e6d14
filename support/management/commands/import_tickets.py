from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ror_portal.formatting import format_number
from support.importing import SAVING, import_tickets


class Command(BaseCommand):
    help = (
        "Import tickets from an ITSM export (Pureservice, CSV or XLSX). A file with any bad"
        " row is rejected whole; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the export, .csv or .xlsx")

    def handle(self, *args, file: Path, **options):
        try:
            handle = file.open("rb")
        except OSError as error:
            raise CommandError(
                _("Cannot open %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
            ) from error
        on_terminal = self.stderr.isatty()
        with handle:
            summary = import_tickets(
                handle, file.name, progress=self._progress() if on_terminal else None
            )
        if on_terminal:
            self.stderr.write("")  # end the progress line
        if not summary.ok:
            for message in summary.errors:
                self.stderr.write(message)
            raise CommandError(summary.rejection_text())
        self.stdout.write(summary.counts_text())

    def _progress(self):
        """Rows checked, then rows saved, each rewritten on one line of the terminal."""
        last_stage = [None]

        def show(stage: str, rows: int) -> None:
            if last_stage[0] not in (None, stage):  # the second pass has begun
                self.stderr.write("", ending="\n")
            last_stage[0] = stage
            label = _("Saved: %(rows)s rows") if stage == SAVING else _("Checked: %(rows)s rows")
            self.stderr.write("\r" + label % {"rows": format_number(rows)}, ending="")
            self.stderr.flush()

        return show
