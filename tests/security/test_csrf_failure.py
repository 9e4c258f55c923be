"""A form refused by the CSRF check (docs/security.md §7): our own page saying what to do,
403, and an audit row naming who and where."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from tests.factories import PASSWORD, MembershipFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def test_a_signed_in_post_without_its_token_gets_our_page_and_is_recorded():
    client = Client(enforce_csrf_checks=True)
    trainee = MembershipFactory().trainee.user
    sign_in(client, trainee)
    response = client.post(
        reverse("requests_ltft:ltft_start") + "?from=elsewhere", REMOTE_ADDR="192.0.2.7"
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Your form could not be sent</h1>" in page
    assert "nothing was saved" in page
    assert "go back to the page and reload it" in page
    event = AuditEvent.objects.get(action="security.csrf_failed")
    assert event.actor == trainee
    assert event.source_ip == "192.0.2.7"
    assert event.detail["path"] == reverse("requests_ltft:ltft_start")  # no query string
    assert event.detail["method"] == "POST"
    assert "CSRF" in event.detail["why"]


def test_a_sign_in_without_its_token_is_recorded_as_anonymous():
    client = Client(enforce_csrf_checks=True)
    trainee = MembershipFactory().trainee.user
    response = client.post(
        reverse("accounts:login"), {"username": trainee.email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="security.csrf_failed")
    assert (event.actor, event.actor_label) == (None, "anonymous")
