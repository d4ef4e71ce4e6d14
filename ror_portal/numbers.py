"""Figures computed from other figures, with the rounding the report shows them at."""

from decimal import ROUND_HALF_UP, Decimal


def percent(part: Decimal | int, whole: Decimal | int, decimals: int) -> Decimal | None:
    """``part`` of ``whole`` in percent to ``decimals`` decimals, half up
    (1, 8, 1 → 12.5; 49, 400, 1 → 12.3; 1, 3, 2 → 33.33); None of nothing (``whole`` 0).
    The product by 100 comes first, so it is exact before the one rounding."""
    if not whole:
        return None
    share = Decimal(part) * 100 / Decimal(whole)
    return share.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
