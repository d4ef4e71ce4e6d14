"""The registry of the monthly checklist: what must be done before a report is published.

Each domain app registers, in its own ``checklist.py`` (discovered at start-up the way
``blocks.py`` is), functions of the report's ``Period`` that say whether its part of the
month's work is done: actuals entered, tickets imported, project statuses set. The reports
app shows the items on the report's content page and before publishing, and never
imports the domain apps.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

from ror_portal.blocks import Period


@dataclass(frozen=True)
class ChecklistItem:
    label: str  # "Regnskapstall for januar 2024"
    ok: bool
    detail: str  # what was found: "12 av 14 budsjettposter har tall"
    url: str = ""  # the admin screen that fixes it


ChecklistCheck = Callable[[Period], ChecklistItem | Iterable[ChecklistItem]]

_registry: dict[str, tuple[int, ChecklistCheck]] = {}


def register(name: str, *, order: int = 50) -> Callable[[ChecklistCheck], ChecklistCheck]:
    """Decorator: ``@register("budget.actuals", order=10)`` on a function of a Period."""

    def decorator(function: ChecklistCheck) -> ChecklistCheck:
        if name in _registry and _registry[name][1] is not function:
            raise ValueError(f"The checklist item {name!r} is registered twice.")
        _registry[name] = (order, function)
        return function

    return decorator


def checklist(period: Period) -> list[ChecklistItem]:
    """Every registered item for the period, in their order."""
    items: list[ChecklistItem] = []
    for _order, function in sorted(_registry.values(), key=lambda entry: entry[0]):
        result = function(period)
        items.extend([result] if isinstance(result, ChecklistItem) else result)
    return items


def autodiscover() -> None:
    autodiscover_modules("checklist")
