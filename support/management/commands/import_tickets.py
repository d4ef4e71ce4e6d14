from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ror_portal.formatting import format_number
from ror_portal.import_command import FileImportCommand
from ror_portal.restatements import RestatementNotConfirmed
from support.importing import SAVING, ChangedSinceCheck, check_tickets, import_checked


class Command(FileImportCommand):
    help = (
        "Import tickets from an ITSM export (Pureservice, CSV or XLSX). A file with any bad"
        " row is rejected whole; importing the same file again changes nothing. The file is"
        " checked first: a file that changes figures of published reports is imported only"
        " with --confirm-restatement, and the changed figures are recorded."
    )

    file_help = "the export, .csv or .xlsx"

    def import_file(
        self, handle, name: str, *, confirmed: bool, dry_run: bool, fetched_until=None
    ) -> None:
        """Check the export, print what it changes of published figures, and import it
        (not with ``dry_run``); the one way both this command and sync_tickets import."""
        on_terminal = self.stderr.isatty()
        progress = self._progress() if on_terminal else None
        summary = check_tickets(handle, name, progress=progress)
        if summary.ok and not dry_run:
            self._restated(summary, confirmed=confirmed)
            summary = self._import(handle, name, summary, progress, confirmed, fetched_until)
        if on_terminal:
            self.stderr.write("")  # end the progress line
        if not summary.ok:
            for message in summary.errors:
                self.stderr.write(message)
            raise CommandError(summary.rejection_text())
        self.stdout.write(summary.counts_text())
        if dry_run:
            for figure in summary.restated_figures:
                self.stdout.write(figure.text)
            self.stdout.write(_("Nothing was saved (--dry-run)."))
        elif summary.restated:
            self.stdout.write(summary.restated_text())

    def _restated(self, checked, *, confirmed: bool) -> None:
        """The published figures the file changes; without the flag, the refusal."""
        for figure in checked.restated_figures:
            self.stdout.write(figure.text)
        if checked.restated and not confirmed:
            raise CommandError(
                _(
                    "The file changes figures of published reports (above), so nothing was "
                    "saved. Import it with --confirm-restatement to change and record them."
                )
            )

    def _import(self, handle, name: str, checked, progress, confirmed: bool, fetched_until):
        try:
            return import_checked(
                handle,
                name,
                earliest=checked.earliest_day,
                confirmed=confirmed,
                progress=progress,
                fetched_until=fetched_until,
            )
        except (RestatementNotConfirmed, ChangedSinceCheck) as error:
            raise CommandError(
                _("The tickets changed during the import, so nothing was saved. Run it again.")
            ) from error

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
