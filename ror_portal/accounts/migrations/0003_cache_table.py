"""The table of Django's database cache (settings.CACHES, the default without REDIS_URL),
made by `migrate` so that a fresh database has it: no separate `createcachetable` step."""

from django.core.management import call_command
from django.db import migrations

# settings.CACHES["default"]["LOCATION"]. Made whatever CACHES says now, so that a
# deployment that starts with Redis and later drops it still finds the table.
TABLE = "portal_cache"


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_account_event")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
