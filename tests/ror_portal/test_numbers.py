from decimal import Decimal

import pytest

from ror_portal.numbers import percent


@pytest.mark.parametrize(
    ("part", "whole", "decimals", "expected"),
    [
        (49, 400, 1, Decimal("12.3")),  # 12.25: half up
        (1, 8, 1, Decimal("12.5")),
        (1, 3, 2, Decimal("33.33")),
        (2, 3, 2, Decimal("66.67")),
        (-49, 400, 1, Decimal("-12.3")),  # half away from zero, as the board's sheets round
        (Decimal("-1234.50"), Decimal("98765.00"), 2, Decimal("-1.25")),
        (Decimal("1.005"), Decimal(100), 2, Decimal("1.01")),  # 1.005: half up, not to even
        (3, 3, 0, Decimal(100)),
    ],
)
def test_a_share_in_percent_is_rounded_half_up_to_its_decimals(part, whole, decimals, expected):
    result = percent(part, whole, decimals)
    assert result == expected
    assert result.as_tuple().exponent == -decimals  # shown with exactly its decimals


def test_a_share_of_nothing_is_none():
    assert percent(0, 0, 1) is None
    assert percent(Decimal(5), Decimal(0), 2) is None
