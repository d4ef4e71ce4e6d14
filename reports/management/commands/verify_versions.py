"""Check every stored file of every published version (every kind of FrozenVersion:
reports, case documents, minutes) against the SHA-256 recorded when it was published;
scripts/backup runs it first."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from reports.integrity import STORED_FILES, stored_file_problem
from reports.models import FrozenVersion


class Command(BaseCommand):
    help = "Check the stored HTML and PDF of every published version against its SHA-256."

    def handle(self, *args, **options) -> None:
        checked, problems = 0, []
        kinds = [model for model in apps.get_models() if issubclass(model, FrozenVersion)]
        for kind in kinds:
            for version in kind._default_manager.order_by("pk").iterator():
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
