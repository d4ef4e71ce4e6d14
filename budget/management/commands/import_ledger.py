from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from budget.ledger import LedgerCheck, check_ledger, import_ledger
from ror_portal.formatting import format_number
from ror_portal.import_command import FileImportCommand
from ror_portal.restatements import RestatementNotConfirmed


class Command(FileImportCommand):
    help = (
        "Import a month's postings from the general-ledger extract (CSV or XLSX) as the "
        "actuals of the months in it; prints the check first. Importing the same file "
        "again changes nothing. A file that changes figures of published reports is "
        "imported only with --confirm-restatement, and the changed figures are recorded."
    )

    file_help = "the ledger extract, .csv or .xlsx"

    def import_file(self, handle, name: str, *, confirmed: bool, dry_run: bool):
        check, record = check_ledger(handle, name), None
        if not check.ok:
            for message in check.errors:
                self.stderr.write(message)
            raise CommandError(check.rejection_text())
        self._print(check)
        if check.restated and not (dry_run or confirmed):
            raise CommandError(
                _(
                    "The file changes figures of published reports (above), so nothing "
                    "was saved. Import it with --confirm-restatement to change and "
                    "record them."
                )
            )
        if not dry_run:
            try:
                check, record = import_ledger(handle, name, confirmed=confirmed)
            except RestatementNotConfirmed as error:
                raise CommandError(
                    _("The actuals changed during the import, so nothing was saved. Run it again.")
                ) from error
        if record is not None:
            self.stdout.write(
                _("Saved: %(changed)s actuals changed.") % {"changed": record.changed}
            )
            if check.restated:
                self.stdout.write(check.restated_text())
        elif dry_run and check.changes:
            self.stdout.write(_("Nothing was saved (--dry-run)."))
        self.stdout.write(check.not_mapped_text())

    def _print(self, check: LedgerCheck) -> None:
        """The check as the admin's page shows it, as plain text."""
        self.stdout.write(check.counts_text())
        for figure in check.restated_figures:
            self.stdout.write(figure.text)
        width = max((len(line.name) for line in check.lines), default=10)
        self.stdout.write(
            f"{_('Budget line'):<{width}}  {_('In the file (kr)'):>16}  "
            f"{_('Stored now (kr)'):>16}  {_('Budget to date (kr)'):>20}"
        )
        for line in check.lines:
            stored = "–" if line.stored is None else amount(line.stored)
            self.stdout.write(
                f"{line.name:<{width}}  {amount(line.file_sum):>16}  {stored:>16}  "
                f"{amount(line.budget_to_date):>20}"
            )
        for kind in check.kinds:
            self.stdout.write(
                f"{kind.label:<{width}}  {amount(kind.file_sum):>16}  {amount(kind.stored):>16}  "
                f"{amount(kind.budget_to_date):>20}"
            )
        for change, month in check.changes_shown():
            before = "–" if change.before is None else amount(change.before)
            self.stdout.write(f"{change.name}, {month}: {before} → {amount(change.after)}")
        for posting in check.unmapped:
            self.stdout.write(_("Not mapped: %(posting)s") % {"posting": _posting(posting)})
        for doubly in check.doubly_mapped:
            self.stdout.write(
                _("Mapped twice (%(lines)s): %(posting)s")
                % {"lines": "; ".join(doubly.lines), "posting": _posting(doubly.posting)}
            )
        self.stdout.write(
            _(
                "Reconciliation: mapped %(mapped)s + not mapped %(unmapped)s + mapped twice "
                "%(doubly)s = %(total)s, the file's total%(ok)s"
            )
            % {
                "mapped": amount(check.mapped_total),
                "unmapped": amount(check.unmapped_total),
                "doubly": amount(check.doubly_mapped_total),
                "total": amount(check.file_total),
                "ok": "" if check.reconciled else " " + _("(does NOT add up)"),
            }
        )
        self.stdout.write(
            _("Stored actuals of %(year)s for months not in the file, kept: %(count)s")
            % {"year": check.year, "count": check.kept}
        )
        if check.later_months:
            self.stdout.write(check.later_text())


def amount(value) -> str:
    return format_number(value, 2)


def _posting(posting) -> str:
    return _(
        "row %(row)s, voucher %(voucher)s, art %(art)s, ansvar %(ansvar)s, funksjon "
        "%(funksjon)s, prosjekt %(prosjekt)s, “%(text)s”: %(amount)s"
    ) % {
        "row": posting.row,
        "voucher": posting.voucher,
        "art": posting.art,
        "ansvar": posting.ansvar,
        "funksjon": posting.funksjon,
        "prosjekt": posting.prosjekt,
        "text": posting.text,
        "amount": amount(posting.amount),
    }
