"""The portal's messages about tickets as the reader is given them (through gettext)."""

from django.utils.translation import gettext as _


def message(msgid: str, **params) -> str:
    return _(msgid) % params


def counts(new: int, changed: int, unchanged: int) -> str:
    return message(
        "New tickets: %(new)s. Changed: %(changed)s. Unchanged: %(unchanged)s.",
        new=new,
        changed=changed,
        unchanged=unchanged,
    )
