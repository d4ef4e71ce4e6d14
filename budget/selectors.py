"""What the budget tells the other apps' blocks: the allocation key their figures were
split with, so that it is locked once a report that showed them is published.

The accounts are in ``budget.accounts``, the reckoning of periods in ``budget.periods``.
"""

from budget.models import AllocationKey

KEY_SOURCE = "budget.allocation_key"


def key_sources(key: AllocationKey | None) -> dict[str, list[int]]:
    """A block's sources when its figures are split with ``key``: the key gets locked
    once a report that showed them is published (budget.services.allocation_keys_lock)."""
    return {KEY_SOURCE: [key.pk]} if key else {}
