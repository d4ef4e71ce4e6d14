import pytest
from django.db import transaction

from support import demo, sync
from tests.support.fake_pureservice import KEY, FakePureservice


@pytest.fixture(scope="module")
def demo_tickets(django_db_setup, django_db_blocker):
    """The demo's ~11 000 tickets, imported once for the module's tests and rolled back
    after its last one (the import's audit record too)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def pureservice(settings, monkeypatch):
    """A fake Pureservice on loopback, configured for the portal, without its rate limit."""
    with FakePureservice() as fake:
        settings.PURESERVICE_URL = fake.url
        settings.PURESERVICE_API_KEY = KEY
        settings.PURESERVICE_REQUEST_INTERVAL = 0
        settings.PURESERVICE_TIMEOUT = 1
        monkeypatch.setattr(sync, "PAGE_SIZE", 2)  # several pages from a few tickets
        yield fake
