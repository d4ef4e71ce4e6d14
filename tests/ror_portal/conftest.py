import pytest


@pytest.fixture
def behind_proxy(settings):
    """As settings.py sets them from BEHIND_PROXY=true and PROXY_COUNT."""
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1
    return settings
