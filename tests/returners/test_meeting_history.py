"""A meeting's moves go through the workflow engine, and its page and the plan's timeline say
who made each one and when."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from returners.models import AbsenceReason, Meeting, MeetingKind
from tests.returners.factories import log_absence, meetings_by_kind
from tests.signing_in import sign_in

pytestmark = [pytest.mark.django_db]


def at(text):
    return time_machine.travel(datetime.fromisoformat(text), tick=False)


def schedule(client, meeting):
    return client.post(
        reverse("supervisors:meeting_schedule", args=[meeting.pk]),
        {
            "on_0": "12",
            "on_1": "1",
            "on_2": "2027",
            "start_time": "14:00",
            "duration_minutes": "60",
            "location": "Education centre",
        },
    )


@pytest.fixture
def meeting(people):
    with at("2027-01-04 09:00+00:00"):
        absence = log_absence(
            people.membership,
            reason=AbsenceReason.SICKNESS,
            starts_on=datetime(2027, 2, 25).date(),
            expected_return_on=datetime(2027, 8, 25).date(),
        )
    return meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]


def test_the_page_shows_who_scheduled_recorded_signed_off_and_acknowledged(client, people, meeting):
    supervisor = people.supervisor
    with at("2027-01-05 10:00+00:00"):
        sign_in(client, supervisor)
        scheduled = schedule(client, meeting)
    assert scheduled.status_code == 302, scheduled.text[-3000:]
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    with at("2027-01-12 15:30+00:00"):
        sign_in(client, supervisor)
        recorded = client.post(
            reverse("supervisors:meeting_log", args=[meeting.pk]),
            {
                "held_on_0": "12",
                "held_on_1": "1",
                "held_on_2": "2027",
                "return_place": "Same trust",
                "keep_in_touch": "Email monthly",
                "consent_to_contact": "YES",
            },
        )
    assert recorded.status_code == 302, recorded.text[-3000:]
    with at("2027-01-13 09:15+00:00"):
        sign_in(client, supervisor)
        client.post(reverse("supervisors:meeting_sign_off", args=[meeting.pk]))
    with at("2027-01-14 18:45+00:00"):
        sign_in(client, people.trainee)
        client.post(reverse("returners:meeting_acknowledge", args=[meeting.pk]), {"comment": ""})
        page = client.get(reverse("returners:meeting_detail", args=[meeting.pk])).text
        plan = client.get(reverse("returners:absence_detail", args=[meeting.plan.absence_id])).text

    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.ACKNOWLEDGED
    name = supervisor.get_full_name()
    trainee = people.trainee.get_full_name()
    for what, who, when in [
        ("Scheduled", name, "5 January 2027, 10:00"),
        ("Recorded", name, "12 January 2027, 15:30"),
        ("Signed off", name, "13 January 2027, 09:15"),
        ("Acknowledged", trainee, "14 January 2027, 18:45"),
    ]:
        assert f"{what}</strong>\n    by {who} (" in page
        assert when in page
        assert f"Pre-absence meeting: {what.lower()}</strong>\n    by {who} (" in plan


def test_cancelling_needs_a_reason_keeps_what_was_typed_and_then_frees_the_slot(
    client, people, meeting
):
    with at("2027-01-05 10:00+00:00"):
        sign_in(client, people.supervisor)
        schedule(client, meeting)
        url = reverse("supervisors:meeting_cancel", args=[meeting.pk])
        refused = client.post(url, {"reason": ""})
        assert refused.status_code == 200 and "Enter why the meeting is cancelled" in refused.text
        client.post(url, {"reason": "Clinic overran"})
        page = client.get(reverse("returners:meeting_detail", args=[meeting.pk])).text
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PENDING and meeting.scheduled_start is None
    assert "Cancelled</strong>" in page and "Reason: Clinic overran" in page
    assert "Schedule the meeting" in page


def test_a_trainee_cannot_sign_off_their_own_record(people, meeting):
    from portal.core.exceptions import ApplicationError
    from returners.services import meeting_log, meeting_sign_off

    with at("2027-01-12 15:30+00:00"):
        meeting_log(
            meeting=meeting,
            actor=people.supervisor,
            held_on=datetime(2027, 1, 12, tzinfo=UTC).date(),
            content={},
        )
        with pytest.raises(ApplicationError, match="educational supervisor"):
            meeting_sign_off(meeting=meeting, actor=people.trainee)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.LOGGED
