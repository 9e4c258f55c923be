from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from requests_ltft.choices import LtftReason, Status
from requests_ltft.models import LtftApplication
from tests.factories import MembershipFactory


class LtftApplicationFactory(DjangoModelFactory):
    """A complete draft that could be submitted as it is."""

    class Meta:
        model = LtftApplication
        exclude = ["membership"]

    membership = factory.SubFactory(MembershipFactory)
    trainee = factory.LazyAttribute(lambda o: o.membership.trainee)
    programme = factory.LazyAttribute(lambda o: o.membership.programme)
    status = Status.DRAFT
    current_percent = 100
    proposed_percent = 80
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(weeks=20))
    reasons = factory.LazyFunction(lambda: [LtftReason.WELLBEING.value])
    supporting_information = "I want to look after my wellbeing."
    tpd_name = "Dr Helen Price"
    tpd_email = "tpd@example.nhs.uk"
    skilled_worker_visa = False
    declarations_confirmed_at = factory.LazyFunction(timezone.now)
