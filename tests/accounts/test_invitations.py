"""Invitations: a one-time link, 7 days, to choose a password; then a second factor for staff."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.accounts.invitations import send_invitation
from portal.accounts.models import Invitation, Role, User
from portal.notifications.models import Notification
from portal.notifications.services import notifications_send_due
from tests.factories import local_office, user_with_role
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def newcomer():
    user = User.objects.create_user("new.trainee@nhs.net", first_name="Nia", last_name="New")
    Role.objects.create(user=user, kind=Role.Kind.TRAINEE, local_office=local_office("HENW"))
    return user


@pytest.fixture
def reviewer(client):
    user = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
    sign_in(client, user)
    return user


def link_in_email(user) -> str:
    notifications_send_due()
    message = [m for m in mail.outbox if user.email in m.to][-1]
    return re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def test_a_newcomer_has_no_password_until_they_choose_one(client, newcomer):
    assert not newcomer.has_usable_password()
    send_invitation(user=newcomer, sent_by=None)
    path = link_in_email(newcomer)

    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    newcomer.refresh_from_db()
    assert newcomer.check_password(PASSWORD)
    assert client.get(reverse("notifications:list")).status_code == 200  # signed in


def test_the_database_keeps_no_usable_token(newcomer):
    send_invitation(user=newcomer, sent_by=None)
    path = link_in_email(newcomer)

    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash__contains=token).exists()


def test_a_link_works_once(client, newcomer):
    send_invitation(user=newcomer, sent_by=None)
    path = link_in_email(newcomer)
    client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()

    response = client.get(path)

    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_a_link_expires_after_7_days(client, newcomer):
    send_invitation(user=newcomer, sent_by=None)
    path = link_in_email(newcomer)

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 410 and "has expired" in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_sending_again_replaces_the_earlier_link(client, newcomer):
    send_invitation(user=newcomer, sent_by=None)
    first = link_in_email(newcomer)
    send_invitation(user=newcomer, sent_by=None)
    second = link_in_email(newcomer)

    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_a_weak_password_is_refused_with_the_form_kept(client, newcomer):
    send_invitation(user=newcomer, sent_by=None)
    path = link_in_email(newcomer)

    response = client.post(path, {"new_password1": "short", "new_password2": "short"})

    assert response.status_code == 200 and "nhsuk-error-summary" in response.content.decode()
    assert Invitation.objects.get().used_at is None


def test_a_new_tpd_goes_on_to_set_up_a_second_factor(client):
    tpd = User.objects.create_user("new.tpd@nhs.net", first_name="Tam", last_name="Tpd")
    Role.objects.create(user=tpd, kind=Role.Kind.TPD)
    send_invitation(user=tpd, sent_by=None)

    response = client.post(
        link_in_email(tpd), {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )

    assert response["Location"] == reverse("accounts:mfa")
    # Until a second factor is set up, a staff page sends the TPD back to set one up.
    assert client.get(reverse("requests_ltft:tpd_home"))["Location"].startswith(
        reverse("accounts:mfa")
    )


def test_a_reviewer_invites_resends_and_revokes_people_of_their_office(client, reviewer, newcomer):
    page = client.get(reverse("people:invitations"))
    assert newcomer.email in page.content.decode()

    client.post(reverse("people:invitation_send", args=[newcomer.pk]))
    assert Notification.objects.filter(recipient=newcomer, channel="EMAIL").count() == 1
    client.post(reverse("people:invitation_send", args=[newcomer.pk]))
    assert Invitation.objects.filter(user=newcomer, revoked_at__isnull=True).count() == 1

    client.post(reverse("people:invitation_revoke", args=[newcomer.pk]))
    assert not Invitation.objects.filter(user=newcomer, revoked_at__isnull=True).exists()


def test_a_reviewer_cannot_invite_someone_of_another_office(client, reviewer):
    elsewhere = User.objects.create_user("far@nhs.net", first_name="Far", last_name="Away")
    Role.objects.create(user=elsewhere, kind=Role.Kind.TRAINEE, local_office=local_office("HEYHD"))

    response = client.post(reverse("people:invitation_send", args=[elsewhere.pk]))

    assert response.status_code == 404 and not Invitation.objects.exists()


def test_a_withdrawn_invitation_says_so_and_whom_to_ask(client, reviewer, newcomer):
    send_invitation(user=newcomer, sent_by=reviewer)
    path = link_in_email(newcomer)
    client.post(reverse("people:invitation_revoke", args=[newcomer.pk]))
    client.logout()

    page = client.get(path).content.decode()

    assert "This invitation has been withdrawn" in page
    assert reviewer.email in page and "replaced by a newer invitation" not in page


def test_the_choose_password_page_gives_one_list_of_rules(client, newcomer):
    send_invitation(user=newcomer, sent_by=None)

    page = client.get(link_in_email(newcomer)).content.decode()

    assert "Confirm your new password" in page and "New password confirmation" not in page
    assert page.count("at least 12 characters") == 1
    assert "can’t be too similar" not in page


def test_the_list_is_searched_by_name_email_or_gmc_number_and_paged(client, reviewer):
    from tests.factories import TraineeFactory

    office = local_office("HENW")
    for n in range(60):
        user_with_role(Role.Kind.TRAINEE, office, email=f"person{n:02d}@nhs.net")
    tpd = user_with_role(Role.Kind.TPD, office, first_name="Tamsin", last_name="Newtpd")
    trainee = TraineeFactory(gmc_number="7654321", user__email="gmc.match@nhs.net")
    Role.objects.create(user=trainee.user, kind=Role.Kind.TRAINEE, local_office=office)
    url = reverse("people:invitations")

    first = client.get(url).content.decode()
    assert "page 1 of 2" in first and 'rel="next"' in first
    assert tpd.email in client.get(url, {"q": "tamsin newtpd"}).content.decode()
    assert "gmc.match@nhs.net" in client.get(url, {"q": "7654321"}).content.decode()
    found = client.get(url, {"q": "person05"}).content.decode()
    assert "person05@nhs.net" in found and "person06@nhs.net" not in found
    assert "Nobody you can invite matches" in client.get(url, {"q": "zzz"}).content.decode()
