"""Check every stored file of every published version (reports, case documents and
minutes) against the SHA-256 recorded when it was published; scripts/backup runs it
first."""

from django.core.management.base import BaseCommand, CommandError

from meetings.models import MinutesVersion
from reports.integrity import STORED_FILES, stored_file_problem
from reports.models import CaseDocumentVersion, ReportVersion


class Command(BaseCommand):
    help = "Check the stored HTML and PDF of every published version against its SHA-256."

    def handle(self, *args, **options) -> None:
        checked, problems = 0, []
        for versions in (
            ReportVersion.objects.select_related("report").order_by("report__month", "number"),
            CaseDocumentVersion.objects.select_related("case").order_by("case__number", "number"),
            MinutesVersion.objects.select_related("meeting").order_by("meeting__date", "number"),
        ):
            for version in versions.iterator():
                for field in STORED_FILES:
                    checked += 1
                    if problem := stored_file_problem(version, field):
                        problems.append(problem)
                        self.stderr.write(f"FAILED: {problem}")
        if problems:
            raise CommandError(
                f"{len(problems)} of {checked} stored files are not as published; "
                "put them back from a backup."
            )
        self.stdout.write(f"OK: {checked} stored files of published versions match their SHA-256.")
