from datetime import date, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from portal.accounts.models import Role, TpdDeputy, User
from trainees.models import Grade, LocalOffice, Programme, ProgrammeMembership, Specialty, Trainee

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.TRAINEE


def local_office(code="HENW") -> LocalOffice:
    return LocalOffice.objects.get(code=code)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    specialty = factory.LazyFunction(lambda: Specialty.objects.get(name="Paediatrics"))
    local_office = factory.LazyFunction(local_office)

    @factory.post_generation
    def tpds(self, create, extracted, **kwargs):
        for tpd in extracted or []:
            self.tpds.add(tpd)


class TraineeFactory(DjangoModelFactory):
    class Meta:
        model = Trainee
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    gmc_number = factory.Sequence(lambda n: f"{3000000 + n:07d}")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        Role.objects.get_or_create(user=self.user, kind=Role.Kind.TRAINEE)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeMembership

    trainee = factory.SubFactory(TraineeFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    grade = factory.LazyFunction(lambda: Grade.objects.get(code="ST3"))
    start_date = factory.LazyFunction(lambda: date(2024, 8, 7))
    cct_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=365 * 5))
    wte = Decimal("1.00")


def user_with_role(kind, office=None, **user_kwargs) -> User:
    user = UserFactory(**user_kwargs)
    Role.objects.create(user=user, kind=kind, local_office=office)
    return user


def deputy(*, tpd, deputy_user, starts_on, ends_on) -> TpdDeputy:
    return TpdDeputy.objects.create(
        tpd=tpd, deputy=deputy_user, starts_on=starts_on, ends_on=ends_on
    )
