"""Changes to the budget's data that touch several rows: each all or nothing."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from budget.accounts import DEVIATION_SOURCE
from budget.allocation import HUNDRED, SplitError, scale_whole, shares_from_population, whole_kroner
from budget.models import (
    AllocationKey,
    AllocationShare,
    BudgetLine,
    CostItem,
    LedgerRule,
    MonthlyActual,
    MonthlyBudget,
    Population,
    PublishedPeriod,
)
from budget.selectors import KEY_SOURCE
from ror_portal.formatting import format_percent
from ror_portal.models import Municipality
from ror_portal.signals import report_published


def shares_validate(*, year: int, shares: dict[Municipality, Decimal]) -> None:
    """A key of ``year`` has each member of that year once, no negative share,
    and shares that sum to exactly 100,00 %."""
    errors = []
    members = set(Municipality.objects.members_in_year(year))
    for municipality in sorted(set(shares) - members, key=lambda m: m.name):
        errors.append(
            _("%(name)s is not a member in %(year)s.") % {"name": municipality.name, "year": year}
        )
    for municipality in sorted(members - set(shares), key=lambda m: m.name):
        errors.append(_("%(name)s has no share.") % {"name": municipality.name})
    for municipality, percent in shares.items():
        if percent < 0:
            errors.append(_("%(name)s has a negative share.") % {"name": municipality.name})
    total = sum(shares.values(), Decimal(0))
    if total != HUNDRED:
        errors.append(
            _("The shares sum to %(total)s, not 100,00 %%.") % {"total": format_percent(total)}
        )
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class ActualsSaved:
    entered: int  # lines with an actual for the month afterwards
    changed: int  # actuals added, changed or removed


@transaction.atomic
def actuals_save(
    *, year: int, month: int, amounts: Mapping[int, Decimal | None], user=None, reason: str = ""
) -> ActualsSaved:
    """The actuals of one month for the year's lines; an empty amount removes it.

    Only what differs is written, each row saved on its own with ``user`` as the
    history's author and ``reason`` as its change reason (the ledger file that set
    it), so a line's history shows each figure before and after, and where it came from."""
    lines = BudgetLine.objects.for_year(year).filter(pk__in=amounts)
    if len(lines) != len(amounts):
        raise ValidationError(_("A line does not belong to %(year)s.") % {"year": year})
    existing = {
        actual.line_id: actual
        for actual in MonthlyActual.objects.select_for_update().filter(line__in=lines, month=month)
    }
    changed = 0
    for line_id, amount in amounts.items():
        actual = existing.get(line_id)
        if actual is not None and amount == actual.amount:
            continue
        if actual is None and amount is None:
            continue
        if actual is None:
            actual = MonthlyActual(line_id=line_id, month=month)
        # simple-history reads this attribute on save; the stubs cannot know it
        actual._history_user = user  # type: ignore[attr-defined]
        actual._change_reason = reason or None  # type: ignore[attr-defined]
        if amount is None:
            actual.delete()
        else:
            actual.amount = amount
            actual.save()
        changed += 1
    entered = sum(1 for amount in amounts.values() if amount is not None)
    return ActualsSaved(entered=entered, changed=changed)


@transaction.atomic
def allocation_key_compute(
    *, year: int, name: str, equal_percent: Decimal, basis: str = ""
) -> AllocationKey:
    """A key from inhabitants on 1 January of ``year``, with ``equal_percent`` split
    equally between the members and the rest by inhabitants."""
    members = list(Municipality.objects.members_in_year(year))
    counts = dict(
        Population.objects.filter(year=year, municipality__in=members).values_list(
            "municipality", "inhabitants"
        )
    )
    missing = [m.name for m in members if m.pk not in counts]
    if missing:
        raise ValidationError(
            _("Inhabitants on 1 January %(year)s are missing for: %(names)s.")
            % {"year": year, "names": ", ".join(missing)}
        )
    try:
        shares = shares_from_population({m: counts[m.pk] for m in members}, equal_percent)
    except SplitError as error:
        raise ValidationError(str(error)) from None
    if AllocationKey.objects.filter(year=year, name=name).exists():
        raise ValidationError(_("There is already a key of that name for the year."))
    key = AllocationKey.objects.create(
        year=year,
        name=name,
        equal_percent=equal_percent,
        population_year=year,
        basis=basis
        or _("%(equal)s split equally, the rest by inhabitants on 1 January %(year)s.")
        % {"equal": format_percent(equal_percent), "year": year},
    )
    bulk_create_with_history(
        [AllocationShare(key=key, municipality=m, percent=p) for m, p in shares.items()],
        AllocationShare,
    )
    return key


@receiver(report_published)
def allocation_keys_lock(sender, sources: dict[str, list[int]], **kwargs) -> None:
    """A key the board has seen in a report is kept as it was: later changes need a new key."""
    ids = sources.get(KEY_SOURCE, [])
    AllocationKey.objects.filter(pk__in=ids, locked_at__isnull=True).update(
        locked_at=timezone.now()
    )


@receiver(report_published)
def published_period_remember(sender, period, monthly_report, **kwargs) -> None:
    """The finance page opens on the period of the latest monthly report the board was
    shown (a case document's period is its meeting's day: not a report's accounts)."""
    if not monthly_report:
        return
    PublishedPeriod.objects.update_or_create(
        month=period.month, defaults={"as_of": period.as_of, "published_at": timezone.now()}
    )


@dataclass(frozen=True)
class YearCopied:
    year: int  # the year copied to
    lines: list[BudgetLine]
    cost_items: list[CostItem]
    # deviation cost items not copied, with why
    cost_items_left: list[str] = field(default_factory=list)


_YEAR_NUMBER = re.compile(r"\b(19|20|21)\d\d\b")


def next_year_name(name: str) -> str:
    """A name with every year in it one later: "Merforbruk drift 2023 (motregnes 2024)"
    → "Merforbruk drift 2024 (motregnes 2025)"; "Fordelingsnøkkel 2023" → "… 2024"."""
    return _YEAR_NUMBER.sub(lambda match: str(int(match[0]) + 1), name)


@transaction.atomic
def budget_lines_copy_to_next_year(
    *, lines, percent_change: Decimal | None = None, user=None
) -> YearCopied:
    """The lines of one year copied to the next: name, kind, order, annual budget,
    monthly budgets (changed by ``percent_change`` % if given) and the ledger's mapping
    rules, so next year's ledger file maps as this year's did. Not the explanation:
    that is why a line deviated in its own year.

    With a change the annual budget is rounded to whole kroner, and the monthly
    budgets are scaled to whole kroner that sum to it exactly (largest remainder);
    without one, every amount is copied as it is, øre and all.

    The lines' deviation cost items (which split the year's over- or underspend) are
    copied too, with the next year's key of the same name (the year in it moved on:
    "Fordelingsnøkkel 2024" for "Fordelingsnøkkel 2023"); where there is no such key,
    or the next year has a cost item for that deviation already, the item is left out
    and named in ``cost_items_left``.

    All or nothing: a line whose name the next year already has refuses the copy."""
    lines = list(lines.prefetch_related("monthly_budgets", "ledger_rules"))
    years = sorted({line.year for line in lines})
    if len(years) != 1:
        raise ValidationError(
            _("Choose lines of one year; the choice has lines of %(years)s.")
            % {"years": ", ".join(str(year) for year in years)}
            if years
            else _("Choose the lines to copy.")
        )
    year, target = years[0], years[0] + 1
    taken = set(BudgetLine.objects.for_year(target).values_list("kind", "name")) & {
        (line.kind, line.name) for line in lines
    }
    if taken:
        names = sorted(name for _kind, name in taken)
        raise ValidationError(
            _("%(year)s already has these lines: %(names)s. Nothing is copied.")
            % {"year": target, "names": ", ".join(names)}
        )
    factor = 1 + (percent_change or 0) / HUNDRED
    copies = []
    for line in lines:
        copy = BudgetLine(
            year=target,
            kind=line.kind,
            name=line.name,
            order=line.order,
            annual_budget=line.annual_budget
            if factor == 1
            else whole_kroner(line.annual_budget * factor),
        )
        # simple-history reads this attribute on save; the stubs cannot know it
        copy._history_user = user  # type: ignore[attr-defined]
        copy.save()
        months = {budget.month: budget.amount for budget in line.monthly_budgets.all()}
        if factor != 1:
            months = scale_whole(months, factor)
        bulk_create_with_history(
            [MonthlyBudget(line=copy, month=m, amount=a) for m, a in sorted(months.items())],
            MonthlyBudget,
            default_user=user,
        )
        bulk_create_with_history(
            [
                LedgerRule(
                    line=copy, art=r.art, ansvar=r.ansvar, funksjon=r.funksjon, prosjekt=r.prosjekt
                )
                for r in line.ledger_rules.all()
            ],
            LedgerRule,
            default_user=user,
        )
        copies.append(copy)
    items, left = _deviation_items_copy(year, {line.kind for line in lines}, user)
    return YearCopied(target, copies, items, left)


def _deviation_items_copy(year: int, kinds: set[str], user) -> tuple[list[CostItem], list[str]]:
    target = year + 1
    sources = [DEVIATION_SOURCE[kind] for kind in sorted(kinds)]
    present = set(
        CostItem.objects.filter(year=target, source__in=sources).values_list("source", flat=True)
    )
    keys = {key.name: key for key in AllocationKey.objects.filter(year=target)}
    copied, left = [], []
    for item in CostItem.objects.filter(year=year, source__in=sources).select_related("key"):
        key = keys.get(next_year_name(item.key.name)) or keys.get(item.key.name)
        if item.source in present:
            left.append(
                _("%(item)s: %(year)s has a cost item for this deviation already.")
                % {"item": item.name, "year": target}
            )
        elif key is None:
            left.append(
                _("%(item)s: there is no key %(key)s for %(year)s.")
                % {"item": item.name, "key": next_year_name(item.key.name), "year": target}
            )
        else:
            copy = CostItem(
                year=target,
                name=next_year_name(item.name),
                key=key,
                source=item.source,
                kind=item.kind,
                order=item.order,
            )
            # simple-history reads this attribute on save; the stubs cannot know it
            copy._history_user = user  # type: ignore[attr-defined]
            copy.save()
            copied.append(copy)
            present.add(item.source)
    return copied, left
