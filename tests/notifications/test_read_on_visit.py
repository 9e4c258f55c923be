"""In-app messages are read once the person opens the page they point to or does what they
ask (issue 15, item 16); nobody else's message changes."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.accounts.models import Role
from portal.notifications.models import Notification
from requests_ltft.services.ltft import ltft_submit
from tests.factories import user_with_role
from tests.requests_ltft.factories import personas_with_application
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def unread(user):
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    )


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def submitted():
    people = personas_with_application()
    people.second_tpd = user_with_role(Role.Kind.TPD)
    people.application.programme.tpds.add(people.second_tpd)
    ltft_submit(application=people.application, actor=people.trainee)
    return people


def test_opening_the_page_a_message_points_to_marks_it_read(submitted):
    people = submitted
    assert unread(people.tpd).count() == 1
    detail = reverse("requests_ltft:ltft_detail", args=[people.application.pk])

    assert client_for(people.tpd).get(detail).status_code == 200

    assert not unread(people.tpd).exists()
    # The same page, another person's copy of the message: still unread.
    assert unread(people.second_tpd).count() == 1
    assert unread(people.trainee).count() == 1


def test_doing_the_task_marks_it_read(submitted):
    people = submitted
    support = reverse("requests_ltft:ltft_action", args=[people.application.pk, "tpd_support"])

    response = client_for(people.tpd).post(support)

    assert response.status_code == 302
    assert not unread(people.tpd).filter(link_url__contains=str(people.application.pk)).exists()


def test_a_refused_task_leaves_it_unread(submitted):
    people = submitted
    # The other programme's TPD cannot see the application; the trainee cannot support it.
    support = reverse("requests_ltft:ltft_action", args=[people.application.pk, "tpd_support"])
    client_for(people.trainee).post(support)
    assert unread(people.trainee).count() == 1


def test_another_page_leaves_it_unread(submitted):
    people = submitted
    client_for(people.tpd).get(reverse("notifications:list"))
    assert unread(people.tpd).count() == 1
