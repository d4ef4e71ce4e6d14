"""Demo: the 2023 accounts, the 2023 and 2024 keys and the cost items that split
the 2023 deviations, from fixtures/budget-2023.json, and the ledger's mapping rules
for the 2023 lines, from fixtures/ledger-rules.json, through the same services
administrators use."""

import json
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from budget.accounts import DEVIATION_SOURCE
from budget.models import AllocationKey, AllocationShare, BudgetLine, CostItem, LedgerRule
from budget.services import actuals_save, shares_validate
from ror_portal.models import Municipality

KIND_OF_SOURCE = {source: kind for kind, source in DEVIATION_SOURCE.items()}


@transaction.atomic
def load() -> None:
    data = json.loads((settings.BASE_DIR / "fixtures/budget-2023.json").read_text("utf-8"))
    year = data["year"]
    monthly: dict[int, dict[int, Decimal]] = {month: {} for month in range(1, 13)}
    for order, spec in enumerate(data["lines"]):
        line, _ = BudgetLine.objects.update_or_create(
            year=year,
            kind=spec["kind"],
            name=spec["name"],
            defaults={
                "annual_budget": Decimal(spec["budget"]),
                "order": order,
                "explanation": spec["explanation"],
            },
        )
        actual = Decimal(spec["actual"])
        per_month = (actual / 12).to_integral_value(rounding="ROUND_FLOOR")
        for month in range(1, 12):
            monthly[month][line.pk] = per_month
        monthly[12][line.pk] = actual - 11 * per_month
    for month, amounts in monthly.items():
        actuals_save(year=year, month=month, amounts=amounts)

    municipalities = {m.slug: m for m in Municipality.objects.all()}
    keys = {}
    for spec in data["keys"]:
        key, _ = AllocationKey.objects.get_or_create(
            year=spec["year"], name=spec["name"], defaults={"basis": spec["basis"]}
        )
        keys[key.name] = key
        if key.locked_at:
            continue
        shares = {municipalities[slug]: Decimal(p) for slug, p in spec["shares"].items()}
        shares_validate(year=key.year, shares=shares)
        for municipality, percent in shares.items():
            AllocationShare.objects.update_or_create(
                key=key, municipality=municipality, defaults={"percent": percent}
            )
    for spec in data["cost_items"]:
        CostItem.objects.update_or_create(
            year=spec["year"],
            name=spec["name"],
            defaults={
                "key": keys[spec["key"]],
                "source": spec["source"],
                "kind": KIND_OF_SOURCE[spec["source"]],
                "order": spec["order"],
            },
        )

    _ledger_rules()


def _ledger_rules() -> None:
    """The rules as the admin's form makes them (full_clean), each once."""
    data = json.loads((settings.BASE_DIR / "fixtures/ledger-rules.json").read_text("utf-8"))
    lines = {line.name: line for line in BudgetLine.objects.for_year(data["year"])}
    for name, rules in data["rules"].items():
        for spec in rules:
            rule = LedgerRule(line=lines[name], **spec)
            rule.full_clean()
            if not LedgerRule.objects.filter(line=rule.line, **spec).exists():
                rule.save()
