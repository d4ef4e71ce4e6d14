"""Marking in the admin (being written)."""


def attach() -> None:
    pass
