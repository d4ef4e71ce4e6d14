class MinutesAdminMixin:
    """The meeting admin's minutes pages (filled in by the minutes work)."""
