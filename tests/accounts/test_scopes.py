"""A user sees exactly the trainees their roles give them, and nothing else answers but 404."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role
from tests.factories import (
    MembershipFactory,
    ProgrammeFactory,
    deputy,
    local_office,
    sign_in,
    user_with_role,
)
from trainees.selectors import trainee_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two programmes in the North West, one in Yorkshire, each with its own people."""
    north_west, yorkshire = local_office("HENW"), local_office("HEYHD")
    people = {
        "tpd1": user_with_role(Role.Kind.TPD),
        "tpd2": user_with_role(Role.Kind.TPD),
        "es1": user_with_role(Role.Kind.SUPERVISOR),
        "es2": user_with_role(Role.Kind.SUPERVISOR),
        "deanery_nw": user_with_role(Role.Kind.DEANERY, north_west),
        "deanery_yh": user_with_role(Role.Kind.DEANERY, yorkshire),
        "admin_all": user_with_role(Role.Kind.ADMIN),
        "admin_yh": user_with_role(Role.Kind.ADMIN, yorkshire),
        "nobody": user_with_role(Role.Kind.SUPERVISOR),
    }
    p1 = ProgrammeFactory(local_office=north_west, tpds=[people["tpd1"]])
    p2 = ProgrammeFactory(local_office=north_west, tpds=[people["tpd2"]])
    p3 = ProgrammeFactory(local_office=yorkshire)
    trainees = {
        "t1": MembershipFactory(programme=p1, educational_supervisor=people["es1"]).trainee,
        "t2": MembershipFactory(programme=p2, educational_supervisor=people["es2"]).trainee,
        "t3": MembershipFactory(programme=p3).trainee,
    }
    return people, trainees


def visible(user, trainees):
    names = {trainee.pk: name for name, trainee in trainees.items()}
    return {names[t.pk] for t in trainee_list(user=user)}


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("tpd1", {"t1"}),
        ("tpd2", {"t2"}),
        ("es1", {"t1"}),
        ("es2", {"t2"}),
        ("deanery_nw", {"t1", "t2"}),
        ("deanery_yh", {"t3"}),
        ("admin_all", {"t1", "t2", "t3"}),
        ("admin_yh", {"t3"}),
        ("nobody", set()),
    ],
)
def test_each_role_sees_only_its_scope(world, person, expected):
    people, trainees = world
    assert visible(people[person], trainees) == expected


def test_a_trainee_sees_only_themself(world):
    _, trainees = world
    assert visible(trainees["t1"].user, trainees) == {"t1"}


def test_a_person_with_two_roles_sees_both_scopes(world):
    people, trainees = world
    Role.objects.create(user=people["es1"], kind=Role.Kind.TPD)
    trainees["t2"].memberships.get().programme.tpds.add(people["es1"])
    assert visible(people["es1"], trainees) == {"t1", "t2"}


def test_a_deputy_acts_with_the_tpds_scope_only_within_the_dates(world):
    people, trainees = world
    stand_in = user_with_role(Role.Kind.SUPERVISOR)
    today = timezone.localdate()
    deputy(
        tpd=people["tpd1"],
        deputy_user=stand_in,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=7),
    )
    assert visible(stand_in, trainees) == {"t1"}


def test_an_expired_deputy_sees_nothing(world):
    people, trainees = world
    stand_in = user_with_role(Role.Kind.SUPERVISOR)
    deputy(
        tpd=people["tpd1"],
        deputy_user=stand_in,
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 2, 1),
    )
    assert visible(stand_in, trainees) == set()


def test_an_inactive_user_sees_nothing(world):
    people, trainees = world
    people["admin_all"].is_active = False
    assert visible(people["admin_all"], trainees) == set()


def test_a_profile_outside_the_supervisors_scope_answers_404(client, world):
    people, trainees = world
    sign_in(client, people["es1"])  # past the second factor a supervisor needs
    assert client.get(reverse("trainees:profile", args=[trainees["t1"].pk])).status_code == 200
    assert client.get(reverse("trainees:profile", args=[trainees["t2"].pk])).status_code == 404


def test_a_role_home_answers_404_to_someone_without_the_role(client, world):
    people, _ = world
    sign_in(client, people["es1"])  # past the second factor a supervisor needs
    assert client.get(reverse("requests_ltft:deanery_home")).status_code == 404
