"""An uploaded file kept between an import's check and its confirmation: its limits,
where it is stored, the removal of uploads that were never confirmed, and the ends of
the worker's jobs that check it and import it. Shared by the imports that check a file
before saving it (support.admin_import and support.tasks, budget.ledger_admin and
budget.ledger_tasks; their admin steps are ror_portal.upload_admin's): the confirm form
carries a signed reference to the kept file, so that nobody can point the import at
another file."""

import datetime
import secrets
from collections.abc import Callable
from typing import IO, Protocol, TypeVar

from django import forms
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.progress import Progress
from ror_portal.restatements import RestatementNotConfirmed

# Under the 255 Django cuts a longer name to, so that a cut name is refused too.
MAX_FILE_NAME_CHARS = 200
KEPT_FOR = datetime.timedelta(hours=24)  # an unconfirmed upload is removed after this
GONE = gettext_lazy("The upload is no longer available or not valid. Upload the file again.")
RESTATEMENT_NOT_CONFIRMED = gettext_lazy(
    "The import changes figures of published reports. Tick the box that confirms it to "
    "import the file."
)


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


def signed_reference(reference: dict, *, salt: str) -> str:
    """What the confirm form carries: ``reference`` (the kept file's "path" and "name",
    and what the check found) signed, so that it cannot be altered."""
    return signing.dumps(reference, salt=salt)


def confirmed_reference(request: HttpRequest, *, salt: str) -> dict | None:
    """The signed reference the confirm form posted, while its file is still kept;
    None when it is not valid, too old or its file is gone."""
    try:
        reference = signing.loads(request.POST.get("upload", ""), salt=salt, max_age=KEPT_FOR)
        stored = reference["path"]
        reference["name"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return reference if default_storage.exists(stored) else None


def restatement_confirmed(request: HttpRequest) -> bool:
    """Whether the confirm form's box for changed published figures is ticked
    (admin/includes/restatement_confirmation.html)."""
    return request.POST.get("restatement_confirmed") == "on"


def not_saved(
    error: Exception, file_name: str, *, taken_first: str
) -> tuple[str, list[str]] | None:
    """Why a confirmed import saved nothing, in words and with the figures behind it, for
    what its write can meet after the check: ``taken_first`` (with ``%(file)s``) when
    another import saved some of the same records first (PostgreSQL rolled the whole
    file back); None for any other error, a fault to raise on."""
    if isinstance(error, RestatementNotConfirmed):
        message = _(
            "Importing %(file)s changes figures of published reports, and that was not "
            "confirmed, so nothing was saved. Upload it again and confirm the changes."
        )
        return message % {"file": file_name}, [figure.text for figure in error.figures]
    if isinstance(error, IntegrityError):
        return taken_first % {"file": file_name}, []
    if isinstance(error, OperationalError) and "locked" in str(error):
        # SQLite has one writer: a publish or another import was saving.
        message = _(
            "The database was busy saving something else (another import or a "
            "publish), so nothing of %(file)s was saved. Upload it again in a minute."
        )
        return message % {"file": file_name}, []
    return None


class Checked(Protocol):
    """What an import's check found (budget.ledger.LedgerCheck, support's ImportSummary)."""

    @property
    def ok(self) -> bool: ...

    @property
    def errors(self) -> list[str]: ...

    def counts_text(self) -> str: ...

    def rejection_text(self) -> str: ...


def finish_check(
    progress: Progress, check: Checked, stored: str, *, url: str, result: dict
) -> None:
    """End the job that checked the upload ``stored``, going on to the confirm page at
    ``url``. A file that can never be imported is removed at once."""
    if not check.ok:
        default_storage.delete(stored)
    message = check.counts_text() if check.ok else check.rejection_text()
    progress.finish(message, url=url, result=result)


Saved = TypeVar("Saved")


def import_stored(
    progress: Progress,
    save: Callable[[IO[bytes]], Saved],
    *,
    taken_first: str,
    upload_url: str,
    kept_beside: tuple[str, ...] = (),
) -> Saved | None:
    """Have ``save`` import the confirmed upload, all of it or nothing, then remove the
    file and what was ``kept_beside`` it. None when the write was refused (not_saved,
    with ``taken_first``): the job has failed with the way back to the upload."""
    stored, name = progress.arguments["path"], progress.arguments["name"]
    try:
        with default_storage.open(stored, "rb") as file:
            return save(file)
    except (RestatementNotConfirmed, IntegrityError, OperationalError) as error:
        refusal = not_saved(error, name, taken_first=taken_first)
        if refusal is None:
            raise
        upload_again(progress, refusal[0], url=upload_url, errors=refusal[1])
        return None
    finally:
        for path in (stored, *kept_beside):
            default_storage.delete(path)


def upload_again(
    progress: Progress, message: str, *, url: str, errors: list[str] | None = None
) -> None:
    """Fail the import job with ``message`` and the way back to the upload at ``url``."""
    progress.fail(message, url=url, result={"link": _("Upload again"), "errors": errors or []})
