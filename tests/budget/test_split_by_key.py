"""Every split of the portal is ``split_by_key``'s: the accounts' deviation per
municipality, the finance page's cost items and the security agreement's cost give
the parts it gives for the same total and key, to the krone."""

import datetime
from decimal import Decimal

import pytest

from budget.accounts import accounts_result
from budget.allocation import split_by_key
from budget.models import CostItem, MonthlyActual
from budget.periods import split_period
from budget.splits import key_shares, period_splits
from ror_portal.blocks import Period
from security.models import PriceTier, SecurityAgreement, ServerCount
from security.selectors import SOURCE, agreement_costs
from tests.factories import KEY_2024, BudgetLineFactory, allocation_key

pytestmark = pytest.mark.django_db
BUDGET = Decimal(10_000_000)
PERIOD = Period(datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 2, 14))


@pytest.fixture
def key():
    return allocation_key(2024, KEY_2024)


def test_1_000_001_kroner_goes_the_odd_krone_to_the_largest_remainder(key):
    parts = split_by_key(Decimal(1_000_001), key_shares([key])[key.pk])
    assert [(p.municipality.slug, p.percent, p.amount) for p in parts] == [
        ("aukra", Decimal("8.09"), 80900),
        ("hustadvika", Decimal("19.72"), 197200),
        ("molde", Decimal("47.10"), 471001),
        ("rauma", Decimal("12.31"), 123100),
        ("vestnes", Decimal("12.78"), 127800),
    ]


def test_an_underspend_splits_as_its_overspend_with_the_sign_turned(key):
    parts = split_by_key(Decimal(-1_234_567), key_shares([key])[key.pk])
    assert [p.amount for p in parts] == [-99876, -243457, -581481, -151975, -157778]


@pytest.mark.parametrize(
    ("deviation", "split_total"),
    [
        (Decimal(1_000_001), 1_000_001),  # does not divide evenly
        (Decimal(-1_234_567), -1_234_567),  # an underspend
        (Decimal("-1234567.50"), -1_234_568),  # half a krone, half up away from zero
    ],
)
def test_the_deviation_and_its_cost_item_split_as_split_by_key(key, deviation, split_total):
    line = BudgetLineFactory(year=2024, annual_budget=BUDGET)
    MonthlyActual.objects.create(line=line, month=12, amount=BUDGET + deviation)
    CostItem.objects.create(year=2024, name="Avvik", key=key, source="operating_deviation")
    expected = split_by_key(deviation, key_shares([key])[key.pk])
    assert sum(part.amount for part in expected) == split_total

    result = accounts_result(year=2024, through_month=12, kind="operating")
    assert result.total.deviation == deviation
    assert result.split == expected

    [item] = period_splits(split_period(2024)).items
    assert (item.amount, item.parts) == (split_total, expected)


@pytest.mark.parametrize("amount", [Decimal(1_000_001), Decimal(-1_234_567)])
def test_a_typed_cost_item_splits_as_split_by_key(key, amount):
    CostItem.objects.create(year=2024, name="Lisenser", key=key, amount=amount)
    [item] = period_splits(split_period(2024)).items
    assert item.parts == split_by_key(amount, key_shares([key])[key.pk])


def test_the_security_agreements_cost_splits_as_split_by_key(key):
    agreement = SecurityAgreement.objects.create(
        vendor="Atea",
        service="SOC+",
        first_year=2024,
        establishment_cost=Decimal(1),
        consultants_per_year=Decimal(4),
    )
    PriceTier.objects.create(agreement=agreement, servers_up_to=400, monthly_price=83_333)
    PriceTier.objects.create(agreement=agreement, servers_up_to=500, monthly_price=90_001)
    ServerCount.objects.create(agreement=agreement, date=datetime.date(2024, 2, 1), count=397)
    CostItem.objects.create(year=2024, name="SOC+", key=key, source=SOURCE)
    shares = key_shares([key])[key.pk]

    costs = agreement_costs(agreement, PERIOD)
    assert costs.first_year_cost.total == 1_000_001  # 12 × 83 333 + 4 + 1
    assert costs.split == split_by_key(Decimal(1_000_001), shares)
    # without establishment: 12 × 83 333 + 4 and 12 × 90 001 + 4
    assert [(yearly, parts) for _tier, yearly, parts in costs.what_if()] == [
        (1_000_000, split_by_key(Decimal(1_000_000), shares)),
        (1_080_016, split_by_key(Decimal(1_080_016), shares)),
    ]
    [item] = period_splits(split_period(2024)).items
    assert item.parts == costs.split
