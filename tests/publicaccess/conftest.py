import pytest

from tests.publicaccess.public_data import make_public_data


@pytest.fixture
def public_data(report_with_glossary, administrator):
    return make_public_data(report_with_glossary, administrator)
