import pytest
from django.db import transaction

from support import demo


@pytest.fixture(scope="module")
def demo_tickets(django_db_setup, django_db_blocker):
    """The demo's ~11 000 tickets, imported once for the module's tests and rolled back
    after its last one (the import's audit record too)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)
