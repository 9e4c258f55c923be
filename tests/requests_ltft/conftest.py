import pytest

from portal.accounts.models import Role
from requests_ltft.services import ltft as ltft_services
from tests.factories import MembershipFactory, ProgrammeFactory, local_office, user_with_role
from tests.requests_ltft.factories import LtftApplicationFactory, OoppApplicationFactory


class People:
    """Everyone around one application (LTFT unless another factory is given), and the same
    roles elsewhere."""

    def __init__(self, application_factory=LtftApplicationFactory):
        self.tpd = user_with_role(Role.Kind.TPD)
        self.other_tpd = user_with_role(Role.Kind.TPD)
        self.supervisor = user_with_role(Role.Kind.SUPERVISOR)
        self.other_supervisor = user_with_role(Role.Kind.SUPERVISOR)
        self.deanery = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
        self.other_deanery = user_with_role(Role.Kind.DEANERY, local_office("HEYHD"))
        self.admin = user_with_role(Role.Kind.ADMIN)
        programme = ProgrammeFactory(local_office=local_office("HENW"), tpds=[self.tpd])
        ProgrammeFactory(local_office=local_office("HENW"), tpds=[self.other_tpd])
        self.membership = MembershipFactory(
            programme=programme, educational_supervisor=self.supervisor
        )
        self.application = application_factory(membership=self.membership)
        self.trainee = self.application.trainee.user
        self.other_trainee = MembershipFactory(
            educational_supervisor=self.other_supervisor
        ).trainee.user


@pytest.fixture
def people(db):
    return People()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def oopp_people(db, media):
    return People(OoppApplicationFactory)


@pytest.fixture
def approved(people, media):
    """An 80% change until completion, approved, starting in 20 weeks (the factory's date)."""
    app = ltft_services.ltft_submit(application=people.application, actor=people.trainee)
    app = ltft_services.ltft_tpd_support(application=app, actor=people.tpd)
    return ltft_services.ltft_approve(application=app, actor=people.deanery)
