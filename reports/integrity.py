"""Published versions are served only as they were published: each stored file is
checked against the SHA-256 recorded when it was frozen.

A file changed on disk (a careless edit, a bad restore, an intruder) is refused: the
reader gets a page saying so, the error is logged, and the administrators get an e-mail,
at most once an hour per file. The throttle is a key in Django's cache (``cache.add``),
which every process shares (the database's, or Redis: ror_portal.settings), so it is once
an hour in all.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _
from django_tasks import task

from reports.notifications import one_line
from ror_portal.roles import Role

logger = logging.getLogger(__name__)

NOTICE_EVERY = 60 * 60  # seconds: one e-mail per file per hour, however busy the page
# The stored files of a version and the field that records each one's SHA-256.
STORED_FILES = {"html": "html_sha256", "pdf": "pdf_sha256"}


@dataclass(frozen=True)
class StoredFileProblem:
    version: str  # "Månedsrapport januar 2024, versjon 1"
    name: str  # the file's name in the storage: reports/2024-01/v1/….pdf
    missing: bool  # no file at all, rather than one with other content

    def __str__(self) -> str:
        state = "missing" if self.missing else "does not match its SHA-256"
        return f"{self.name} ({self.version}): {state}"


class StoredFileChanged(Exception):
    """A version's stored file is not what was published; it must not be served."""

    def __init__(self, problem: StoredFileProblem):
        super().__init__(str(problem))
        self.problem = problem


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def stored_file_problem(version, field: str) -> StoredFileProblem | None:
    """What is wrong with one stored file of a version, if anything; reads it in chunks,
    for ``manage.py verify_versions`` over every version."""
    stored = getattr(version, field)
    try:
        with stored.open("rb") as stream:
            matches = sha256_of(stream) == getattr(version, STORED_FILES[field])
    except FileNotFoundError:
        return StoredFileProblem(str(version), stored.name, missing=True)
    return None if matches else StoredFileProblem(str(version), stored.name, missing=False)


def verified_bytes(version, field: str) -> bytes:
    """The content of a version's stored file ("html" or "pdf"), checked against its
    recorded SHA-256; raises StoredFileChanged (logged, administrators told) if it is
    missing or differs. The bytes returned are the bytes checked."""
    stored, recorded = getattr(version, field), getattr(version, STORED_FILES[field])
    try:
        with stored.open("rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        data = None
    if data is not None and hashlib.sha256(data).hexdigest() == recorded:
        return data
    problem = StoredFileProblem(str(version), stored.name, missing=data is None)
    report_problem(problem, recorded=recorded)
    raise StoredFileChanged(problem)


def report_problem(problem: StoredFileProblem, *, recorded: str) -> None:
    logger.error("A published version's stored file was refused: %s", problem)
    # One key per file and recorded content: the first refusal in the hour mails.
    key = (
        "reports:stored-file-changed:"
        + hashlib.sha256(f"{problem.name}\0{recorded}".encode()).hexdigest()
    )
    if cache.add(key, True, timeout=NOTICE_EVERY):
        try:
            notify_administrators.enqueue(problem.version, problem.name, problem.missing)
        except Exception:
            # The reader's page says the administrators are told; the log says they were not.
            logger.exception("The administrators could not be told of %s", problem.name)


def administrators_to_notify() -> list[str]:
    """Active administrators (superusers, or staff in the Administrator group, as roles
    count them) with an e-mail address."""
    administrators = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(is_staff=True, groups__name=Role.ADMINISTRATOR),
        is_active=True,
    )
    return sorted(set(administrators.exclude(email="").values_list("email", flat=True)))


@task()
def notify_administrators(version: str, name: str, missing: bool) -> int:
    """E-mail the administrators that a stored file was refused; a task, so the reader's
    page does not wait on the mail server."""
    recipients = administrators_to_notify()
    if not recipients:
        return 0
    problem = (
        _("The file %(name)s is missing.")
        if missing
        else _("The file %(name)s does not match the SHA-256 recorded when it was published.")
    ) % {"name": name}
    body = "\n\n".join(
        [
            _("ROR Portal refused to show %(version)s.") % {"version": version},
            problem,
            _(
                "Readers are told that the document cannot be shown. Put the file back from "
                "a backup; manage.py verify_versions checks every stored file."
            ),
        ]
    )
    subject = _("ROR Portal: the stored copy of %(version)s does not match") % {
        "version": one_line(version)
    }
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
