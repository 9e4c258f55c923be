from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.core.dates import add_months
from requests_ltft.choices import LtftReason, Status
from requests_ltft.models import Evidence, LtftApplication, OoppApplication
from tests.factories import MembershipFactory
from tests.personas import Personas, build_personas


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


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def oopp_start():
    """A start date with the default 3 months' notice and a week to spare."""
    return add_months(timezone.localdate(), 3) + timedelta(days=7)


class OoppApplicationFactory(DjangoModelFactory):
    """A complete draft of a six-month pause that could be submitted as it is (with the post
    confirmation attached unless `confirmation=False`)."""

    class Meta:
        model = OoppApplication
        exclude = ["membership"]
        skip_postgeneration_save = True

    membership = factory.SubFactory(MembershipFactory)
    trainee = factory.LazyAttribute(lambda o: o.membership.trainee)
    programme = factory.LazyAttribute(lambda o: o.membership.programme)
    status = Status.DRAFT
    post_secured = True
    start_date = factory.LazyFunction(oopp_start)
    end_date = factory.LazyAttribute(lambda o: add_months(o.start_date, 6) - timedelta(days=1))
    intended_return_date = factory.LazyAttribute(lambda o: o.end_date + timedelta(days=1))
    post_title = "Clinical fellow in paediatric emergency medicine"
    post_employer = "Manchester University NHS Foundation Trust"
    post_location = "Royal Manchester Children's Hospital"
    post_supervisor_name = "Dr Amir Haddad"
    post_supervisor_email = "amir.haddad@example.nhs.uk"
    scope_of_practice = "Paediatric emergency department shifts, supervised by a consultant."
    capabilities_to_gain = "Leadership of resuscitation; safeguarding assessments."
    plan_for_return = "Return to ST4 in the August rotation with a gap analysis meeting."
    indemnity = "Covered by the trust's NHS indemnity (CNST)."
    declarations_confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def confirmation(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        evidence = Evidence(
            oopp_application=self,
            original_name="offer-letter.pdf",
            extension=".pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=self.trainee.user,
        )
        evidence.file.save("offer-letter.pdf", ContentFile(PDF), save=False)
        evidence.save()


def personas_with_application(application_factory=None) -> Personas:
    """The persona set, with the trainee's `application` (an LTFT draft unless another factory
    is given)."""
    people = build_personas()
    factory = application_factory or LtftApplicationFactory
    people.application = factory(membership=people.membership)
    return people
