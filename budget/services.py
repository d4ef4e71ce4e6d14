"""Changes to the budget's data that touch several rows: each all or nothing."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from budget.allocation import HUNDRED, SplitError, shares_from_population
from budget.models import AllocationKey, AllocationShare, BudgetLine, MonthlyActual, Population
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


@transaction.atomic
def actuals_save(*, year: int, month: int, amounts: dict[int, Decimal | None]) -> int:
    """The actuals of one month for the year's lines; an empty amount removes it.
    Returns how many lines have an actual for the month afterwards."""
    lines = BudgetLine.objects.filter(year=year, pk__in=amounts)
    if len(lines) != len(amounts):
        raise ValidationError(_("A line does not belong to %(year)s.") % {"year": year})
    # One by one and with history, so the audit trail shows each figure before and after.
    for old in MonthlyActual.objects.filter(line__in=lines, month=month):
        old.delete()
    actuals = [
        MonthlyActual(line_id=line_id, month=month, amount=amount)
        for line_id, amount in amounts.items()
        if amount is not None
    ]
    bulk_create_with_history(actuals, MonthlyActual)
    return len(actuals)


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
