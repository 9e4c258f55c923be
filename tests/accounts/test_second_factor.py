"""Who is asked for a second factor: everyone who can see another person's health data, and a
trainee who switched one on (docs/rules.md §13). Through the real sign-in form."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import Role
from tests.factories import MembershipFactory, user_with_role
from tests.signing_in import security_code, submit_sign_in_form

pytestmark = pytest.mark.django_db


def test_a_supervisor_with_only_a_password_is_taken_through_enrolment(client):
    supervisor = user_with_role(Role.Kind.SUPERVISOR)
    submit_sign_in_form(client, supervisor)
    response = client.get(reverse("supervisors:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:mfa"))
    page = client.get(response.url)
    assert b"Set up two-factor authentication" in page.content
    device = TOTPDevice.objects.get(user=supervisor, confirmed=False)
    next_url = reverse("supervisors:home")
    answer = client.post(
        reverse("accounts:mfa"), {"token": security_code(device), "next": next_url}
    )
    assert answer.url == next_url
    assert client.get(next_url).status_code == 200


def test_a_trainee_switches_a_second_factor_on_and_is_asked_for_it_next_time(client):
    trainee = MembershipFactory().trainee.user
    submit_sign_in_form(client, trainee)
    profile = client.get(reverse("trainees:my_profile"))
    assert b"Switch on two-factor authentication" in profile.content
    setup = client.get(reverse("accounts:mfa"), {"next": reverse("trainees:my_profile")})
    assert b"so nobody can sign in as you with your password alone" in setup.content
    device = TOTPDevice.objects.get(user=trainee, confirmed=False)
    client.post(reverse("accounts:mfa"), {"token": security_code(device)})
    profile = client.get(reverse("trainees:my_profile"))
    assert b"On. When you sign in" in profile.content

    client.post(reverse("accounts:logout"))
    submit_sign_in_form(client, trainee)
    response = client.get(reverse("trainees:home"))
    assert response.url.startswith(reverse("accounts:mfa"))
    assert b"Enter your security code" in client.get(response.url).content
    device.refresh_from_db()
    client.post(reverse("accounts:mfa"), {"token": security_code(device, drift=1)})
    assert client.get(reverse("trainees:home")).status_code == 200


def test_a_trainee_who_has_not_switched_it_on_is_not_asked(client):
    trainee = MembershipFactory().trainee.user
    submit_sign_in_form(client, trainee)
    assert client.get(reverse("trainees:home")).status_code == 200
    assert not TOTPDevice.objects.filter(user=trainee).exists()


def test_a_wrong_security_code_is_in_the_audit_log(client):
    from portal.audit.models import AuditEvent

    supervisor = user_with_role(Role.Kind.SUPERVISOR)
    TOTPDevice.objects.create(user=supervisor, name="app", confirmed=True)
    submit_sign_in_form(client, supervisor)
    response = client.post(reverse("accounts:mfa"), {"token": "000000"})
    assert b"The security code is not right" in response.content
    event = AuditEvent.objects.get(action="auth.mfa_failed")
    assert event.actor == supervisor


def test_a_right_code_straight_after_a_wrong_one_is_told_to_wait(client):
    supervisor = user_with_role(Role.Kind.SUPERVISOR)
    device = TOTPDevice.objects.create(user=supervisor, name="app", confirmed=True)
    submit_sign_in_form(client, supervisor)
    # The clock stands still, so the second code comes within the second the device waits.
    with time_machine.travel(timezone.now(), tick=False):
        client.post(reverse("accounts:mfa"), {"token": "000000"})
        device.refresh_from_db()
        response = client.post(reverse("accounts:mfa"), {"token": security_code(device)})
    assert b"A wrong code was entered just now. Wait 1 second" in response.content
    assert b"The security code is not right" not in response.content
