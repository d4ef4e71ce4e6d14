"""Splitting an amount between municipalities by a key, to whole kroner.

Every split of the portal (an accounts deviation, a cost item, the security
agreement's cost) goes through ``split_by_key``. Largest remainder: every part
is the exact share rounded down, and the units left over go one each to the
largest remainders, so the parts always add up to the total exactly and each is
within one unit of its exact share.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TypeVar

from ror_portal.models import Municipality

K = TypeVar("K", bound=Hashable)
HUNDRED = Decimal(100)
HUNDREDTH = Decimal("0.01")


class SplitError(ValueError):
    pass


def whole_kroner(amount: Decimal) -> Decimal:
    """``amount`` to the krone, half up (away from zero), as every amount is rounded."""
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Part:
    """A municipality's part of a split: its share of the key and its kroner."""

    municipality: Municipality
    percent: Decimal
    amount: Decimal


def split_by_key(total: Decimal, shares: Sequence[tuple[Municipality, Decimal]]) -> list[Part]:
    """Each municipality's part of ``total`` by a key's ``shares`` (as ``key_shares``
    gives them, in the order shown). The total is taken to the krone first
    (``whole_kroner``), so the parts add up to it exactly; a key whose shares do not
    sum to 100 % raises ``SplitError``."""
    # keyed by position: a model instance's hash is slow, and the workbook splits often
    amounts = split_amount(
        whole_kroner(total), {n: percent for n, (_m, percent) in enumerate(shares)}
    )
    return [Part(m, percent, amounts[n]) for n, (m, percent) in enumerate(shares)]


def largest_remainder(
    units: int, exact: Mapping[K, Decimal], weights: Mapping[K, Decimal]
) -> dict[K, int]:
    """Whole units per key that sum to ``units``, each within one of ``exact``.

    Ties between equal remainders go to the larger weight, then to the key that
    comes first. A key of weight 0 gets nothing beyond its floor.
    """
    parts = {
        key: int(value.to_integral_value(rounding=ROUND_FLOOR)) for key, value in exact.items()
    }
    order = {key: index for index, key in enumerate(exact)}
    ranked = sorted(
        (key for key in exact if weights[key] > 0),
        key=lambda key: (-(exact[key] - parts[key]), -weights[key], order[key]),
    )
    for key in ranked[: units - sum(parts.values())]:
        parts[key] += 1
    return parts


def split_amount(total: Decimal, shares: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Split ``total`` (whole kroner) by ``shares`` (percent, summing to exactly 100).

    A negative total (an underspend paid back) splits exactly as its positive
    counterpart, with the sign turned.
    """
    if total != total.to_integral_value():
        raise SplitError(f"The total {total} is not whole kroner.")
    if any(share < 0 for share in shares.values()):
        raise SplitError("A share is negative.")
    if sum(shares.values(), Decimal(0)) != HUNDRED:
        raise SplitError(f"The shares sum to {sum(shares.values(), Decimal(0))} %, not 100 %.")
    if total < 0:
        return {key: -part for key, part in split_amount(-total, shares).items()}
    exact = {key: total * share / HUNDRED for key, share in shares.items()}
    return {
        key: Decimal(part) for key, part in largest_remainder(int(total), exact, shares).items()
    }


def shares_from_population(
    inhabitants: Mapping[K, int], equal_percent: Decimal
) -> dict[K, Decimal]:
    """Percent shares with ``equal_percent`` split equally and the rest by inhabitants,
    rounded to hundredths with the rounding taken up so they sum to exactly 100."""
    if not 0 <= equal_percent <= HUNDRED:
        raise SplitError("The equal part must be between 0 and 100 %.")
    population = sum(inhabitants.values())
    if not inhabitants or population <= 0:
        raise SplitError("There are no inhabitants to split by.")
    by_population = HUNDRED - equal_percent
    exact = {
        key: (equal_percent / len(inhabitants) + by_population * count / population) / HUNDREDTH
        for key, count in inhabitants.items()
    }
    weights = {key: Decimal(count) + 1 for key, count in inhabitants.items()}
    hundredths = largest_remainder(10_000, exact, weights)
    return {key: Decimal(part) * HUNDREDTH for key, part in hundredths.items()}


def scale_whole(amounts: Mapping[K, Decimal], factor: Decimal) -> dict[K, Decimal]:
    """Each amount times ``factor`` in whole kroner, the parts summing to exactly the
    rounded scaled total (so monthly budgets that summed to the annual budget still
    sum to the scaled annual budget). Largest remainder, as for a split."""
    total = sum(amounts.values(), Decimal(0)) * factor
    units = int(whole_kroner(total))
    exact = {key: amount * factor for key, amount in amounts.items()}
    weights = {key: abs(amount) for key, amount in amounts.items()}
    return {key: Decimal(part) for key, part in largest_remainder(units, exact, weights).items()}
