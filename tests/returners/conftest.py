import pytest


@pytest.fixture
def no_mfa(settings):
    """Staff roles need a second factor; these tests sign in with force_login instead."""
    settings.MFA_REQUIRED = False
