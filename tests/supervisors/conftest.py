import pytest

from tests.returners.factories import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def no_mfa(settings):
    """Staff roles need a second factor; these tests sign in with force_login instead."""
    settings.MFA_REQUIRED = False
