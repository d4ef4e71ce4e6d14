from django.core.management.base import BaseCommand
from django.db import transaction

from archive.indexing import Indexer
from archive.models import SearchEntry


class Command(BaseCommand):
    help = (
        "Rebuild the archive's search index from the published reports and cases "
        "(after loading fixtures, or when the way texts are read has changed)."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            Indexer().everything()
        self.stdout.write(f"Search entries: {SearchEntry.objects.count()}")
