"""Admins see failed emails in the Django admin and can send them again."""

import smtplib

import pytest
from django.urls import reverse

from portal.notifications.audiences import Audience
from portal.notifications.models import Notification
from portal.notifications.services import notifications_send_due, notify
from tests.factories import UserFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.nhs.uk": (550, b"No such user")})


@pytest.fixture
def admin_client(client, settings):
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, admin)
    return client


@pytest.fixture
def failed_email(alice, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    notify(notice="test_message", to={Audience.USER: [alice]}, context={"title": "Decision due"})
    notifications_send_due()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return Notification.objects.get(channel="EMAIL")


def test_failed_emails_are_listed_with_their_error(admin_client, failed_email):
    url = reverse("admin:notifications_notification_changelist") + "?status__exact=FAILED"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Decision due" in response.content.decode()
    detail = admin_client.get(
        reverse("admin:notifications_notification_change", args=[failed_email.pk])
    )
    assert "No such user" in detail.content.decode()


def test_the_resend_action_queues_them_again(admin_client, failed_email):
    url = reverse("admin:notifications_notification_changelist")
    response = admin_client.post(
        url,
        {"action": "resend_failed", "_selected_action": [failed_email.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 email(s) queued to send again." in response.content.decode()
    failed_email.refresh_from_db()
    assert failed_email.status == "PENDING"
    assert notifications_send_due() == 1


def test_the_outbox_cannot_be_edited_or_added_to_in_the_admin(admin_client, failed_email):
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    change = reverse("admin:notifications_notification_change", args=[failed_email.pk])
    admin_client.post(change, {"subject": "Changed"})
    failed_email.refresh_from_db()
    assert failed_email.subject == "Decision due"


def test_the_reminder_ledger_is_visible(admin_client):
    response = admin_client.get(reverse("admin:notifications_remindersent_changelist"))
    assert response.status_code == 200
