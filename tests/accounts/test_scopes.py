"""A user sees exactly the trainees their roles give them, and nothing else answers but 404."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role
from tests.factories import user_with_role
from tests.signing_in import sign_in
from trainees.selectors import trainee_list

pytestmark = pytest.mark.django_db


TRAINEES = ("trainee", "other_trainee", "far_trainee")


def visible(user, people):
    names = {getattr(people, name).trainee.pk: name for name in TRAINEES}
    return {names[t.pk] for t in trainee_list(user=user)}


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("tpd", {"trainee"}),
        ("other_tpd", {"other_trainee"}),
        ("far_tpd", {"far_trainee"}),
        ("supervisor", {"trainee"}),
        ("other_supervisor", {"other_trainee"}),
        ("far_supervisor", {"far_trainee"}),
        ("deanery", {"trainee", "other_trainee"}),
        ("other_deanery", {"far_trainee"}),
        ("admin", {"trainee", "other_trainee", "far_trainee"}),
        ("deputy", set()),  # a supervisor of nobody, standing in for nobody
    ],
)
def test_each_role_sees_only_its_scope(people, person, expected):
    assert visible(getattr(people, person), people) == expected


def test_an_admin_of_one_office_sees_only_that_office(people):
    assert visible(user_with_role(Role.Kind.ADMIN, people.yorkshire), people) == {"far_trainee"}


def test_a_trainee_sees_only_themself(people):
    assert visible(people.trainee, people) == {"trainee"}


def test_a_person_with_two_roles_sees_both_scopes(people):
    Role.objects.create(user=people.supervisor, kind=Role.Kind.TPD)
    people.other_programme.tpds.add(people.supervisor)
    assert visible(people.supervisor, people) == {"trainee", "other_trainee"}


def test_a_deputy_acts_with_the_tpds_scope_only_within_the_dates(people):
    today = timezone.localdate()
    people.cover(starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=7))
    assert visible(people.deputy, people) == {"trainee"}


def test_an_expired_deputy_sees_nothing(people):
    people.cover(starts_on=date(2020, 1, 1), ends_on=date(2020, 2, 1))
    assert visible(people.deputy, people) == set()


def test_an_inactive_user_sees_nothing(people):
    people.admin.is_active = False
    assert visible(people.admin, people) == set()


def test_a_profile_outside_the_supervisors_scope_answers_404(client, people):
    sign_in(client, people.supervisor)  # past the second factor a supervisor needs
    mine, theirs = people.membership.trainee, people.other_membership.trainee
    assert client.get(reverse("trainees:profile", args=[mine.pk])).status_code == 200
    assert client.get(reverse("trainees:profile", args=[theirs.pk])).status_code == 404


def test_a_role_home_answers_404_to_someone_without_the_role(client, people):
    sign_in(client, people.supervisor)  # past the second factor a supervisor needs
    assert client.get(reverse("requests_ltft:deanery_home")).status_code == 404
