"""An uploaded file kept between an import's check and its confirmation: its limits,
where it is stored, and the removal of uploads that were never confirmed. Shared by the
imports that check a file before saving it (budget.ledger_admin)."""

import datetime
import secrets

from django import forms
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

# Under the 255 Django cuts a longer name to, so that a cut name is refused too.
MAX_FILE_NAME_CHARS = 200
KEPT_FOR = datetime.timedelta(hours=24)  # an unconfirmed upload is removed after this


def refuse_too_large(upload: UploadedFile, max_bytes: int) -> None:
    """A form's refusal of a file name or file over the limits."""
    if len(upload.name or "") > MAX_FILE_NAME_CHARS:
        raise forms.ValidationError(
            _("The file name is too long: at most %(limit)s characters.")
            % {"limit": MAX_FILE_NAME_CHARS}
        )
    if upload.size is not None and upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024), "limit": max_bytes // 1024 // 1024}
        )


def keep(upload: UploadedFile, folder: str) -> str:
    """Store the upload under a name nobody can guess, after removing the stale ones of
    ``folder``; returns its path in the default storage."""
    remove_stale(folder)
    extension = "xlsx" if (upload.name or "").lower().endswith(".xlsx") else "csv"
    return default_storage.save(f"{folder}/{secrets.token_hex(16)}.{extension}", upload)


def remove_stale(folder: str) -> None:
    """Remove uploads that were checked but never confirmed."""
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEPT_FOR
    for name in names:
        path = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue
