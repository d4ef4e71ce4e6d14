"""Operating and investment amounts are summed apart: each cost item has one kind."""

import pytest

from budget.models import CostItem
from budget.splits import cost_item_kind
from tests.factories import KEY_2024, allocation_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    return allocation_key(2024, KEY_2024)


def test_a_typed_item_is_of_the_kind_it_says(key):
    item = CostItem(year=2024, name="Nettverk", key=key, amount=100, kind="investment")
    item.full_clean()
    assert cost_item_kind(item) == "investment"


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("operating_deviation", "operating"),
        ("investment_deviation", "investment"),
        ("security_agreement", "operating"),
    ],
)
def test_a_computed_items_kind_is_its_sources(key, source, kind):
    other = "investment" if kind == "operating" else "operating"
    item = CostItem(year=2024, name="Avvik", key=key, source=source, kind=other)
    assert cost_item_kind(item) == kind
    item.full_clean()
    assert item.kind == kind  # stored as it is reckoned


def test_the_admin_form_asks_for_the_kind(client_for, key):
    html = client_for("Administrator").get("/admin/budget/costitem/add/").content.decode()
    assert 'name="kind"' in html and "Investering" in html
