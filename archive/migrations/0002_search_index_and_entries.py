from django.db import migrations

from archive.indexing import Indexer
from archive.search import search_index


def create_search_index(apps, schema_editor):
    # A GIN index on the search's own expression; PostgreSQL only (SQLite has neither).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("archive", "SearchEntry"), search_index())


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("archive", "SearchEntry"), search_index())


def index_what_is_published(apps, schema_editor):
    """Databases that already have published reports and cases can search them at once."""
    Indexer(apps).everything()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(index_what_is_published, migrations.RunPython.noop),
    ]
