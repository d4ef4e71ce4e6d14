"""Every cost item of a period split by its key (budget.splits), as the finance pages
and the workbook ask for them."""

import pytest

from budget.periods import split_period
from budget.splits import period_splits
from tests.factories import KEY_2024, allocation_key

pytestmark = pytest.mark.django_db


def test_the_cost_splits_of_a_year(django_assert_max_num_queries):
    from budget.models import CostItem

    key = allocation_key(2024, KEY_2024)
    for number in range(40):
        CostItem.objects.create(year=2024, name=f"Post {number}", key=key, amount=1000 + number)
    CostItem.objects.create(year=2024, name="SOC+", key=key, amount=1_864_000)
    # the last month of accounts, the report that shows it, the items, the keys,
    # their shares and the members
    with django_assert_max_num_queries(6):
        splits = period_splits(split_period(2024))
    soc = next(split for split in splits.items if split.item.name == "SOC+")
    molde = next(m for m in splits.municipalities if m.slug == "molde")
    assert soc.part(molde) == 877944
    assert sum(splits.total_for(m, "operating") for m in splits.municipalities) == splits.total(
        "operating"
    )
    assert splits.problems == []


def test_a_cost_item_with_a_broken_key_is_reported_not_split():
    from budget.models import CostItem

    key = allocation_key(2024, {**KEY_2024, "vestnes": "12.00"})
    CostItem.objects.create(year=2024, name="Feil nøkkel", key=key, amount=1000)
    splits = period_splits(split_period(2024))
    assert splits.items == [] and splits.problems == ["Feil nøkkel"]
