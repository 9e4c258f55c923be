"""A move the workflow refuses is written to the audit log (docs/security.md §7), although the
engine's own transaction is rolled back with the refusal."""

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.workflow.services import TransitionNotAllowed, workflow_transition
from requests_ltft.choices import Status
from requests_ltft.services import ltft as services
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def test_approving_before_the_tpd_supports_is_refused_and_recorded(client, people):
    services.ltft_submit(application=people.application, actor=people.trainee)
    sign_in(client, people.deanery)
    page = reverse("requests_ltft:ltft_action", args=[people.application.pk, "approve"])
    response = client.post(page, REMOTE_ADDR="192.0.2.44", follow=True)

    assert b"This application is now submitted, so you cannot approve" in response.content
    people.application.refresh_from_db()
    assert people.application.status == Status.SUBMITTED
    event = AuditEvent.objects.get(action="workflow.refused")
    assert event.actor == people.deanery
    assert event.object_id == str(people.application.pk)
    assert event.object_type == "requests_ltft.ltftapplication"
    assert event.detail == {"transition": "approve", "status": Status.SUBMITTED, "why": "status"}
    assert event.source_ip == "192.0.2.44"


def test_a_refusal_outside_a_request_is_recorded_with_who_tried(people):
    submitted = services.ltft_submit(application=people.application, actor=people.trainee)
    with pytest.raises(TransitionNotAllowed):
        workflow_transition(instance=submitted, name="activate", actor=people.tpd)
    with pytest.raises(TransitionNotAllowed):
        workflow_transition(instance=submitted, name="activate", system="scheduler")

    rows = AuditEvent.objects.filter(action="workflow.refused").order_by("pk")
    assert [(row.actor_label, row.detail["why"]) for row in rows] == [
        (people.tpd.email, "status"),
        ("system:scheduler", "status"),
    ]
