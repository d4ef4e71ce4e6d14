"""Where a cost item's amount comes from: typed in, or computed from the
portal's figures for the item's year. Apps that know a yearly cost register a
source here (the security agreement does), so budget never imports them."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TYPED = "typed"


@dataclass(frozen=True)
class CostSource:
    name: str
    label: str | Promise  # registered at start-up, so a lazy translation
    # amounts for many years in a fixed number of queries: {year: amount}
    amounts: Callable[[list[int]], dict[int, Decimal]]


_sources: dict[str, CostSource] = {}


def register_source(
    name: str, label: str | Promise, amounts: Callable[[list[int]], dict[int, Decimal]]
) -> None:
    _sources[name] = CostSource(name, label, amounts)


def get_source(name: str) -> CostSource | None:
    return _sources.get(name)


def source_choices() -> list[tuple[str, str | Promise]]:
    return [(TYPED, _("Typed in"))] + [(s.name, s.label) for s in _sources.values()]


def source_label(name: str) -> str | Promise:
    return dict(source_choices()).get(name, name)
