import pytest

from portal.accounts.models import Role
from tests.factories import MembershipFactory, ProgrammeFactory, local_office, user_with_role
from tests.requests_ltft.factories import LtftApplicationFactory


class People:
    """Everyone around one application, and the same roles elsewhere."""

    def __init__(self):
        self.tpd = user_with_role(Role.Kind.TPD)
        self.other_tpd = user_with_role(Role.Kind.TPD)
        self.supervisor = user_with_role(Role.Kind.SUPERVISOR)
        self.deanery = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
        self.other_deanery = user_with_role(Role.Kind.DEANERY, local_office("HEYHD"))
        self.admin = user_with_role(Role.Kind.ADMIN)
        programme = ProgrammeFactory(local_office=local_office("HENW"), tpds=[self.tpd])
        ProgrammeFactory(local_office=local_office("HENW"), tpds=[self.other_tpd])
        membership = MembershipFactory(programme=programme, educational_supervisor=self.supervisor)
        self.application = LtftApplicationFactory(membership=membership)
        self.trainee = self.application.trainee.user
        self.other_trainee = MembershipFactory().trainee.user


@pytest.fixture
def people(db):
    return People()
