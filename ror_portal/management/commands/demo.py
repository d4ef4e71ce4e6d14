"""Load all demo data into the database DATABASE_URL names; safe to run again.

Each app may have a ``demo`` module with a ``load()`` function; they run in the
order of INSTALLED_APPS, so an app's demo data can rely on the apps before it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from ror_portal.demo import create_demo_users


class Command(BaseCommand):
    help = "Load the demo data (the board meeting of 14.02.2024) and create demo users."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            credentials = create_demo_users()
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if app_config.name != "ror_portal" and find_spec(module_name):
                    import_module(module_name).load()
                    self.stdout.write(f"Demo data loaded: {app_config.verbose_name}")

        self.stdout.write(self.style.SUCCESS("\nDemo users (new passwords on every run):"))
        for username, password, role in credentials:
            self.stdout.write(f"  {role.value:<14} username: {username:<12} password: {password}")
