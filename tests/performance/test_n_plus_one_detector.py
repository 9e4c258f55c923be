"""The N+1 detector is live in the test settings: a loop that loads one related row per row
fails, and the same loop with select_related passes."""

import pytest
from django.conf import settings
from zeal import NPlusOneError, zeal_context

from tests.factories import MembershipFactory
from trainees.models import ProgrammeMembership

pytestmark = pytest.mark.django_db


def test_every_request_runs_under_the_detector():
    assert settings.MIDDLEWARE[0] == "zeal.middleware.zeal_middleware"
    assert settings.ZEAL_RAISE is True


def test_a_query_per_row_fails():
    MembershipFactory.create_batch(3)
    with pytest.raises(NPlusOneError), zeal_context():
        [m.programme.name for m in ProgrammeMembership.objects.all()]


def test_the_same_loop_with_select_related_passes():
    MembershipFactory.create_batch(3)
    with zeal_context():
        names = [m.programme.name for m in ProgrammeMembership.objects.select_related("programme")]
    assert len(names) == 3
