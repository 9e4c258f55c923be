from pathlib import Path

import pytest

from portal.notifications.services import outbox
from tests.factories import UserFactory

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _test_email_templates(settings):
    """Message templates used only by these tests (notifications/email/test_*.txt)."""
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates


@pytest.fixture(autouse=True)
def _broker_not_remembered_as_down():
    # The sender remembers a failed publish for a while; one test's closed broker must not
    # silence the next test's kick.
    outbox._broker_down_until = 0.0
    yield
    outbox._broker_down_until = 0.0


@pytest.fixture(autouse=True)
def _no_real_broker(request, monkeypatch):
    """Unit tests never publish: the kick after commit is recorded instead. Integration tests
    (marked `redis`) use the real broker."""
    if request.node.get_closest_marker("redis"):
        return
    kicks = []
    monkeypatch.setattr(
        "portal.notifications.tasks.notifications_send_due.apply_async",
        lambda *args, **kwargs: kicks.append(kwargs),
    )
    request.node.kicks = kicks


@pytest.fixture
def kicks(request):
    return request.node.kicks


@pytest.fixture
def alice(db):
    return UserFactory(first_name="Alice", last_name="O'Brien", email="alice@example.nhs.uk")


@pytest.fixture
def bob(db):
    return UserFactory(first_name="Bob", last_name="Jones", email="bob@example.nhs.uk")
