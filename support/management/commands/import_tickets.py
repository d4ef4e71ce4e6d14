from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ror_portal.formatting import format_number
from support.importing import import_tickets


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
            for error in summary.errors:
                self.stderr.write(error)
            raise CommandError(summary.rejection_text())
        self.stdout.write(summary.counts_text())

    def _progress(self):
        """Rows checked, then rows saved, rewritten on one line of the terminal."""
        state = {"saving": False, "last": 0}

        def show(rows: int) -> None:
            if rows <= state["last"]:  # the second pass has begun
                state["saving"] = True
                self.stderr.write("", ending="\n")
            state["last"] = rows
            label = _("Saved: %(rows)s rows") if state["saving"] else _("Checked: %(rows)s rows")
            self.stderr.write("\r" + label % {"rows": format_number(rows)}, ending="")
            self.stderr.flush()

        return show
