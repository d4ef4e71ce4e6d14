"""Make the public editions of versions published without one (before the portal made
them): once, after the upgrade that brings public access."""

from django.core.management.base import BaseCommand

from publicaccess.editions import make_missing


class Command(BaseCommand):
    help = (
        "Make the public edition of each document's latest version that has none, where "
        "the version is still what its data show; list those that are not."
    )

    def handle(self, *args, **options) -> None:
        made, left = make_missing()
        for edition in made:
            self.stdout.write(f"Made: {edition} ({edition.get_absolute_url()})")
        for version in left:
            self.stdout.write(
                f"Not made: {version}. Its data have changed since it was published; "
                "the next version it gets has its public edition."
            )
        self.stdout.write(f"{len(made)} public editions made, {len(left)} not.")
