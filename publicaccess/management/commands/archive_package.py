"""The archive package of a meeting as a zip for Molde's archive
(publicaccess.archive_package), or the check of a package made before."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publicaccess.archive_package import build_package, verify_package
from reports.integrity import StoredFileChanged
from reports.models import BoardMeeting


class Command(BaseCommand):
    help = (
        "Write the archive package of a meeting (its published documents as PDF/A, board's "
        "and public edition, with metadata in XML and JSON) as a zip; or check a package."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("meeting", nargs="?", help="The meeting's number, e.g. 2024/M1.")
        parser.add_argument("--out", type=Path, default=Path(), help="The folder for the zip.")
        parser.add_argument(
            "--verify", type=Path, metavar="ZIP", help="Check a package against its manifest."
        )

    def handle(self, *args, meeting=None, out: Path, verify: Path | None, **options) -> None:
        if verify is not None:
            return self._verify(verify)
        if not meeting:
            raise CommandError("Name the meeting, e.g. 2024/M1, or give --verify ZIP.")
        found = BoardMeeting.objects.filter(number=meeting).first()
        if found is None:
            raise CommandError(f"There is no meeting {meeting}; the number is as in 2024/M1.")
        if not out.is_dir():
            raise CommandError(f"{out} is not a folder.")
        try:
            package = build_package(found)
        except StoredFileChanged as error:
            raise CommandError(
                f"The package was not made: {error}. Put the file back from a backup."
            ) from error
        path = out / package.name
        path.write_bytes(package.data)
        self.stdout.write(
            f"{path}: {len(package.data)} bytes, {package.file_count} files "
            f"({found.number}, {found.body})."
        )

    def _verify(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path} cannot be read: {error.strerror}.") from error
        problems = verify_package(data)
        for problem in problems:
            self.stderr.write(f"FAILED: {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problems in {path}.")
        self.stdout.write(f"OK: every file of {path} matches the manifest's SHA-256.")
