from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.allocation import SplitError, shares_from_population, split_amount

KEY_2024 = {
    "Aukra": Decimal("8.09"),
    "Hustadvika": Decimal("19.72"),
    "Molde": Decimal("47.10"),
    "Rauma": Decimal("12.31"),
    "Vestnes": Decimal("12.78"),
}


def test_the_reference_split_of_soc_plus():
    assert split_amount(Decimal(1864000), KEY_2024) == {
        "Aukra": 150798,
        "Hustadvika": 367581,
        "Molde": 877944,
        "Rauma": 229458,
        "Vestnes": 238219,
    }


@st.composite
def keys(draw):
    """Keys of 1–7 members with shares in hundredths summing to exactly 100."""
    count = draw(st.integers(1, 7))
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 10000]
    return {f"k{i}": Decimal(bounds[i + 1] - bounds[i]) / 100 for i in range(count)}


totals = st.integers(-(10**10), 10**10).map(Decimal)


@given(total=totals, shares=keys())
def test_parts_add_up_to_the_total_exactly(total, shares):
    assert sum(split_amount(total, shares).values()) == total


@given(total=totals, shares=keys())
def test_each_part_is_whole_kroner_within_one_krone_of_its_exact_share(total, shares):
    for key, part in split_amount(total, shares).items():
        assert part == part.to_integral_value()
        assert abs(part - total * shares[key] / 100) < 1


@given(total=totals, shares=keys())
def test_a_negative_total_splits_symmetrically(total, shares):
    assert split_amount(-total, shares) == {k: -v for k, v in split_amount(total, shares).items()}


@given(total=totals, shares=keys())
def test_a_zero_share_gets_nothing(total, shares):
    shares = {**shares, "zero": Decimal(0)}
    assert split_amount(total, shares)["zero"] == 0


@given(total=totals, shares=keys())
def test_the_split_is_deterministic(total, shares):
    assert split_amount(total, shares) == split_amount(total, dict(shares))


def test_ties_go_to_the_larger_share_then_the_first_key():
    # 1 kr left over, equal remainders: the larger share gets it
    assert split_amount(Decimal(1), {"a": Decimal("25"), "b": Decimal("75")}) == {"a": 0, "b": 1}
    # equal shares and remainders: the first key gets it
    assert split_amount(Decimal(1), {"x": Decimal(50), "y": Decimal(50)}) == {"x": 1, "y": 0}
    assert split_amount(Decimal(2), {"x": Decimal(50), "y": Decimal(50)}) == {"x": 1, "y": 1}


@pytest.mark.parametrize(
    ("total", "shares", "message"),
    [
        (Decimal("10.5"), KEY_2024, "whole kroner"),
        (Decimal(100), {"a": Decimal("60"), "b": Decimal("39.99")}, "99.99"),
        (Decimal(100), {"a": Decimal("101"), "b": Decimal("-1")}, "negative"),
    ],
)
def test_bad_input_is_refused(total, shares, message):
    with pytest.raises(SplitError, match=message):
        split_amount(total, shares)


def test_shares_from_population_sum_to_exactly_100():
    inhabitants = {
        "Aukra": 3600,
        "Hustadvika": 13300,
        "Molde": 32600,
        "Rauma": 7500,
        "Vestnes": 6700,
    }
    shares = shares_from_population(inhabitants, Decimal(30))
    assert sum(shares.values()) == Decimal(100)
    assert all(share == share.quantize(Decimal("0.01")) for share in shares.values())
    # 30 % equally = 6 % each; the rest by inhabitants: Molde 6 + 70 × 32600 / 63700
    assert shares["Molde"] == Decimal("41.82")
    assert shares["Aukra"] == Decimal("9.96")


@given(
    inhabitants=st.lists(st.integers(1, 10**6), min_size=1, max_size=8),
    equal=st.integers(0, 10000).map(lambda n: Decimal(n) / 100),
)
def test_computed_shares_always_sum_to_100(inhabitants, equal):
    shares = shares_from_population(dict(enumerate(inhabitants)), equal)
    assert sum(shares.values()) == 100
    assert min(shares.values()) >= 0
