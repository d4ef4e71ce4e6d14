"""The ledger import: what a general-ledger extract would do to the actuals (the check),
and doing it (the import). Each month in the file is the whole of that month's
accounts: every line of the year gets the sum of its postings in the month, 0 where
it has none. Months the file does not hold are kept as they are."""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from budget.accounts import ZERO, actuals_grid
from budget.checklist import year_start
from budget.ledger_file import MAX_ERRORS, Posting, postings
from budget.ledger_rules import Mapping
from budget.models import BudgetLine, LedgerImport, MonthlyActual
from budget.periods import report_month_of
from budget.services import actuals_save
from ror_portal import reporting
from ror_portal.blocks import FiguresPeriod
from ror_portal.columns import Errors
from ror_portal.formatting import format_money, format_number, month_name
from ror_portal.restatements import Restates, apply_restating, figures_restated

# The blocks whose published figures the actuals make: the accounts and their splits.
BLOCKS = "budget."


@dataclass(frozen=True)
class LineFigures:
    """A budget line over the file's months: the file's sum, what is stored now (None:
    nothing) and the line's budget through the file's last month."""

    line_id: int
    name: str
    kind: str
    file_sum: Decimal
    stored: Decimal | None
    budget_to_date: Decimal


@dataclass(frozen=True)
class KindFigures:
    kind: str
    label: str
    file_sum: Decimal
    stored: Decimal
    budget_to_date: Decimal


@dataclass(frozen=True)
class Change:
    """A month's actual the import changes; ``before`` None where none is stored."""

    line_id: int
    name: str
    month: int
    before: Decimal | None
    after: Decimal


@dataclass(frozen=True)
class DoublyMapped:
    posting: Posting
    lines: list[str]  # the names of the lines its best rules point at


@dataclass
class LedgerCheck(Restates):
    """What importing the file does, without saving anything; or why it cannot. Its
    ``restated`` are the figures of published reports the import changes."""

    file_name: str
    errors: list[str] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0
    year: int = 0
    months: list[int] = field(default_factory=list)
    postings: int = 0
    lines: list[LineFigures] = field(default_factory=list)
    kinds: list[KindFigures] = field(default_factory=list)
    unmapped: list[Posting] = field(default_factory=list)
    doubly_mapped: list[DoublyMapped] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    kept: int = 0  # stored actuals of the year in months the file does not hold
    # The months of the file a report after the draft's (ISO month) shows first: saved,
    # but not in the draft.
    draft_month: str = ""
    later_months: list[int] = field(default_factory=list)
    file_total: Decimal = ZERO
    mapped_total: Decimal = ZERO
    unmapped_total: Decimal = ZERO
    doubly_mapped_total: Decimal = ZERO

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def reconciled(self) -> bool:
        """Every posting counted once: mapped, not mapped or doubly mapped."""
        return self.mapped_total + self.unmapped_total + self.doubly_mapped_total == self.file_total

    @property
    def earliest_day(self) -> datetime.date | None:
        """The first day of the earliest month whose actuals change: only reports whose
        figures stand after it can be restated."""
        months = [change.month for change in self.changes]
        return datetime.date(self.year, min(months), 1) if months else None

    @property
    def month_labels(self) -> list[str]:
        return [FiguresPeriod(self.year, m, m).label for m in self.months]

    def later_text(self) -> str:
        """ "februar 2024 kommer med i rapporten for mars 2024, ikke i utkastet for
        februar 2024"."""
        first = report_month_of(self.year, self.later_months[0])
        draft = datetime.date.fromisoformat(self.draft_month)
        return _(
            "%(months)s comes into the report for %(report)s, not into the draft for %(draft)s."
        ) % {
            "months": ", ".join(FiguresPeriod(self.year, m, m).label for m in self.later_months),
            "report": FiguresPeriod(first.year, first.month, first.month).label,
            "draft": FiguresPeriod(draft.year, draft.month, draft.month).label,
        }

    def changes_shown(self) -> list[tuple[Change, str]]:
        """Each change with its month's name ("januar")."""
        return [(change, month_name(change.month)) for change in self.changes]

    def rejection_text(self) -> str:
        text = _("The file was rejected and nothing was saved. Errors: %(count)s.") % {
            "count": format_number(self.error_count)
        }
        if self.error_count > len(self.errors):
            text += " " + _("Only the first %(shown)s are listed.") % {
                "shown": format_number(len(self.errors))
            }
        return text

    def counts_text(self) -> str:
        """What the import changes, in one sentence for the job's page."""
        if not self.changes:
            return _("The actuals already hold what the file holds: importing it changes nothing.")
        return _("%(postings)s postings for %(months)s; %(changed)s actuals change.") % {
            "postings": format_number(self.postings),
            "months": ", ".join(self.month_labels),
            "changed": format_number(len(self.changes)),
        }

    def not_mapped_text(self) -> str:
        """The command's last line: postings in no line, doubly mapped ones included."""
        return _("Not mapped: %(count)s postings, %(amount)s") % {
            "count": format_number(len(self.unmapped) + len(self.doubly_mapped)),
            "amount": format_money(self.unmapped_total + self.doubly_mapped_total, 2),
        }

    def as_json(self) -> dict[str, Any]:
        """For a job's result: amounts as text, read back by ``from_json``."""
        return asdict(self, dict_factory=lambda pairs: {k: _plain(v) for k, v in pairs})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "LedgerCheck":
        def posting(p):
            return Posting(**{**p, "amount": Decimal(p["amount"])})

        return cls(
            **{
                **data,
                **_decimals(
                    data, "file_total", "mapped_total", "unmapped_total", "doubly_mapped_total"
                ),
                "lines": [
                    LineFigures(**{**x, **_decimals(x, "file_sum", "stored", "budget_to_date")})
                    for x in data["lines"]
                ],
                "kinds": [
                    KindFigures(**{**x, **_decimals(x, "file_sum", "stored", "budget_to_date")})
                    for x in data["kinds"]
                ],
                "unmapped": [posting(p) for p in data["unmapped"]],
                "doubly_mapped": [
                    DoublyMapped(posting(x["posting"]), x["lines"]) for x in data["doubly_mapped"]
                ],
                "changes": [
                    Change(**{**x, **_decimals(x, "before", "after")}) for x in data["changes"]
                ],
            }
        )


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _decimals(data: dict[str, Any], *names: str) -> dict[str, Decimal | None]:
    return {name: None if data[name] is None else Decimal(data[name]) for name in names}


def check_ledger(file: IO[bytes], name: str, *, progress=None) -> LedgerCheck:
    """Read the file and tell what importing it would do, to the published figures too
    (measured by the import's own write, rolled back); saves nothing."""
    check, amounts = _check(file, name, progress)
    if check.ok and check.changes:
        restated = figures_restated(
            lambda: _save(check, amounts, name=name, user=None),
            blocks=BLOCKS,
            since=check.earliest_day,
        )
        check.restated = [figure.as_json() for figure in restated]
    return check


@transaction.atomic
def import_ledger(
    file: IO[bytes], name: str, *, user=None, progress=None, confirmed: bool = False
) -> tuple[LedgerCheck, LedgerImport | None]:
    """Check the file again and, if it can be imported and changes anything, set each of
    its months as that month's actuals, all in one transaction, and record the import.
    Each changed actual's history names the file. Published figures it changes are
    recorded with it; unless ``confirmed``, such an import raises
    RestatementNotConfirmed and nothing is saved."""
    check, amounts = _check(file, name, progress)
    if not check.ok or not check.changes:
        return check, None
    changed: list[int] = []
    restated = apply_restating(
        lambda: changed.append(_save(check, amounts, name=name, user=user)),
        blocks=BLOCKS,
        since=check.earliest_day,
        confirmed=confirmed,
        source=name,
        user=user,
    )
    check.restated = [figure.as_json() for figure in restated]
    record = LedgerImport.objects.create(
        file_name=name,
        imported_by=user,
        months=", ".join(check.month_labels),
        postings=check.postings,
        changed=changed[0],
        unmapped=len(check.unmapped),
        unmapped_amount=check.unmapped_total,
        doubly_mapped=len(check.doubly_mapped),
    )
    return check, record


def _save(check: LedgerCheck, amounts: dict[int, dict[int, Decimal]], *, name: str, user) -> int:
    """Each month of the file as that month's actuals; how many actuals changed."""
    reason = _("Ledger file %(file)s") % {"file": name}
    return sum(
        actuals_save(
            year=check.year, month=month, amounts=by_line, user=user, reason=reason
        ).changed
        for month, by_line in amounts.items()
    )


def _check(
    file: IO[bytes], name: str, progress
) -> tuple[LedgerCheck, dict[int, dict[int, Decimal]]]:
    errors = Errors(MAX_ERRORS)
    read = list(postings(file, name, errors, progress))
    years = sorted({posting.year for posting in read})
    if len(years) > 1:
        errors.add(
            _("The file has postings of %(years)s: import one year at a time.")
            % {"years": ", ".join(str(year) for year in years)}
        )
    elif years and not BudgetLine.objects.for_year(years[0]).exists():
        errors.add(year_start(years[0]).text)
    if errors.count:
        return LedgerCheck(name, errors=errors.messages, error_count=errors.count), {}
    year = years[0]
    check = LedgerCheck(name, year=year, months=sorted({p.month for p in read}))
    check.postings = len(read)
    rows = actuals_grid(year=year, month=check.months[-1])
    names = {row.line.pk: row.line.name for row in rows}
    sums: dict[int, dict[int, Decimal]] = {month: {} for month in check.months}
    mapping = Mapping.for_year(year)
    for posting in read:
        check.file_total += posting.amount
        lines = mapping.lines(posting.art, posting.ansvar, posting.funksjon, posting.prosjekt)
        if len(lines) == 1:
            line_id = lines.pop()
            by_line = sums[posting.month]
            by_line[line_id] = by_line.get(line_id, ZERO) + posting.amount
            check.mapped_total += posting.amount
        elif not lines:
            check.unmapped.append(posting)
            check.unmapped_total += posting.amount
        else:
            check.doubly_mapped.append(DoublyMapped(posting, sorted(names[pk] for pk in lines)))
            check.doubly_mapped_total += posting.amount
    amounts: dict[int, dict[int, Decimal]] = {
        month: {row.line.pk: sums[month].get(row.line.pk, ZERO) for row in rows}
        for month in check.months
    }
    stored = {
        (line, month): amount
        for line, month, amount in MonthlyActual.objects.filter(line__year=year).values_list(
            "line", "month", "amount"
        )
    }
    check.kept = sum(1 for _line, month in stored if month not in sums)
    if draft := reporting.draft_report():
        check.draft_month = draft.month.isoformat()
        check.later_months = [
            month for month in check.months if report_month_of(year, month) > draft.month
        ]
    for row in rows:
        line = row.line
        before = [stored.get((line.pk, month)) for month in check.months]
        known = [amount for amount in before if amount is not None]
        check.lines.append(
            LineFigures(
                line.pk,
                line.name,
                line.kind,
                sum((amounts[month][line.pk] for month in check.months), ZERO),
                sum(known, ZERO) if known else None,
                row.budget_to_date,
            )
        )
        for month, was in zip(check.months, before, strict=True):
            after = amounts[month][line.pk]
            if was != after:
                check.changes.append(Change(line.pk, line.name, month, was, after))
    check.kinds = _kind_totals(check.lines, rows)
    return check, amounts


def _kind_totals(lines: list[LineFigures], rows) -> list[KindFigures]:
    """A sum per kind of line (drift, investering), in the order the lines come."""
    labels = {row.line.kind: row.line.get_kind_display() for row in rows}
    by_kind: dict[str, list[LineFigures]] = {}
    for line in lines:
        by_kind.setdefault(line.kind, []).append(line)
    return [
        KindFigures(
            kind,
            _("Total %(kind)s") % {"kind": labels[kind].lower()},
            sum((x.file_sum for x in kind_lines), ZERO),
            sum((x.stored or ZERO for x in kind_lines), ZERO),
            sum((x.budget_to_date for x in kind_lines), ZERO),
        )
        for kind, kind_lines in by_kind.items()
    ]
