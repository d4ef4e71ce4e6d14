"""Check every stored file that was recorded with its SHA-256 against it: every kind
of published version (FrozenVersion: reports, case documents, minutes), and what the
archive package is made of beside them (the public editions, the meeting books);
scripts/backup runs it first."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from reports.integrity import STORED_FILES, stored_file_problem


def stored_files(model: type[models.Model]) -> list[str]:
    """The model's stored files that have their SHA-256 recorded beside them (``pdf``
    with ``pdf_sha256``)."""
    fields = {field.name: field for field in model._meta.get_fields()}
    return [
        name
        for name, recorded in STORED_FILES.items()
        if isinstance(fields.get(name), models.FileField) and recorded in fields
    ]


class Command(BaseCommand):
    help = (
        "Check the stored files of every published version, public edition and meeting "
        "book against their SHA-256."
    )

    def handle(self, *args, **options) -> None:
        checked, problems = 0, []
        for kind in apps.get_models():
            fields = stored_files(kind)
            if not fields:
                continue
            for record in kind._default_manager.order_by("pk").iterator():
                for field in fields:
                    if not getattr(record, field).name:  # a public edition without HTML
                        continue
                    checked += 1
                    if problem := stored_file_problem(record, field):
                        problems.append(problem)
                        self.stderr.write(f"FAILED: {problem}")
        if problems:
            raise CommandError(
                f"{len(problems)} of {checked} stored files are not as published; "
                "put them back from a backup."
            )
        self.stdout.write(f"OK: {checked} stored files of published versions match their SHA-256.")
