"""The supervisor schedules, records and signs off a meeting through the pages."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from portal.audit.models import AuditEvent
from returners.models import MeetingKind
from tests.returners.factories import log_absence, meetings_by_kind
from tests.signing_in import sign_in

pytestmark = [pytest.mark.django_db]

PRE_ABSENCE_RECORD = {
    "held_on_0": "4",
    "held_on_1": "1",
    "held_on_2": "2027",
    "return_place": "Same trust",
    "keep_in_touch": "Monthly email",
    "consent_to_contact": "YES",
    "keeping_up_to_date": "",
    "support_needs": "",
    "concerns": "",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        yield


@pytest.fixture
def meeting(people):
    absence = log_absence(
        people.membership, starts_on=date(2027, 2, 25), expected_return_on=date(2027, 8, 25)
    )
    return meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]


def test_schedule_download_record_and_sign_off(client, people, meeting):
    sign_in(client, people.supervisor)
    schedule = reverse("supervisors:meeting_schedule", args=[meeting.pk])
    response = client.post(
        schedule,
        {
            "on_0": "20",
            "on_1": "1",
            "on_2": "2027",
            "start_time": "14:00",
            "duration_minutes": "60",
            "location": "Room 2",
            "video_link": "",
        },
    )
    detail = reverse("returners:meeting_detail", args=[meeting.pk])
    assert response.url == detail
    ics = client.get(reverse("returners:meeting_ics", args=[meeting.pk]))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in ics["Content-Disposition"]
    assert "DTSTART:20270120T140000Z\r\n" in ics.content.decode()

    response = client.post(
        reverse("supervisors:meeting_log", args=[meeting.pk]), PRE_ABSENCE_RECORD
    )
    assert response.url == detail
    client.post(
        reverse("supervisors:action_add", args=[meeting.pk]),
        {"description": "Book two KIT days", "owner": "TRAINEE"},
    )
    page = client.get(detail).text
    assert "Same trust" in page and "Book two KIT days" in page and "Sign off the record" in page

    client.post(reverse("supervisors:meeting_sign_off", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == "SIGNED_OFF"
    page = client.get(detail).text
    assert "Change the record" not in page and "Add an addendum" in page
    # The record page refuses to open for editing once signed off.
    locked = client.get(reverse("supervisors:meeting_log", args=[meeting.pk]), follow=True)
    assert "cannot be changed. Add an addendum instead" in locked.text
    response = client.post(
        reverse("supervisors:meeting_log", args=[meeting.pk]),
        {**PRE_ABSENCE_RECORD, "return_place": "Elsewhere"},
    )
    meeting.refresh_from_db()
    assert meeting.content["return_place"] == "Same trust"
    client.post(
        reverse("returners:meeting_addendum_add", args=[meeting.pk]),
        {"text": "Return place may change to the other site."},
    )
    assert "Return place may change" in client.get(detail).text


def test_the_schedule_form_explains_its_errors(client, people, meeting):
    sign_in(client, people.supervisor)
    response = client.post(
        reverse("supervisors:meeting_schedule", args=[meeting.pk]),
        {"on_0": "3", "on_1": "1", "on_2": "2027", "start_time": "25:00"},
    )
    assert "<title>Error: Schedule the meeting" in response.text
    assert "Enter the start time as hours and minutes, like 14:30" in response.text
    assert "Select how long the meeting will be" in response.text
    assert "Enter where the meeting will be, or a video link" in response.text


def test_the_record_form_explains_its_errors(client, people, meeting):
    sign_in(client, people.supervisor)
    response = client.post(reverse("supervisors:meeting_log", args=[meeting.pk]), {})
    assert "Enter the date of the meeting" in response.text
    assert "Select whether the trainee has agreed to be contacted" in response.text


def test_reopening_a_record_with_health_notes_is_audited(client, people, meeting):
    pre_return = meetings_by_kind(meeting.plan.absence)[MeetingKind.PRE_RETURN]
    sign_in(client, people.supervisor)
    response = client.post(
        reverse("supervisors:meeting_log", args=[pre_return.pk]),
        {
            "held_on_0": "4",
            "held_on_1": "1",
            "held_on_2": "2027",
            "confirmed_return_date_0": "25",
            "confirmed_return_date_1": "8",
            "confirmed_return_date_2": "2027",
            "ltft_on_return": "FULL_TIME",
            "health_notes": "Phased return, 3 weeks",
            "es_choice": "TAKE",
            "es_days": "",
            "rota_informed": "YES",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("returners:meeting_detail", args=[pre_return.pk])).text
    assert "Phased return" not in page and "View the health details" in page
    assert not AuditEvent.objects.filter(action="supportt.health_view").exists()
    assert (
        "Phased return" in client.get(reverse("supervisors:meeting_log", args=[pre_return.pk])).text
    )
    assert AuditEvent.objects.filter(action="supportt.health_view").count() == 1


def test_the_trainee_cannot_record_or_sign_off(client, people, meeting):
    sign_in(client, people.trainee)
    assert client.get(reverse("supervisors:meeting_log", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("supervisors:meeting_sign_off", args=[meeting.pk])).status_code == (
        403
    )


def test_a_held_meeting_shows_when_it_was_held_and_whether_that_was_in_its_window(client, people):
    """Found in use: a meeting recorded as held on 1 December still said "Scheduled for
    10 December", and nothing said it was held before its window opened."""
    with time_machine.travel("2026-12-03 09:00 +00:00", tick=False):
        absence = log_absence(
            people.membership, starts_on=date(2027, 3, 1), expected_return_on=date(2027, 9, 1)
        )
        meeting = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
        sign_in(client, people.supervisor)
        client.post(
            reverse("supervisors:meeting_schedule", args=[meeting.pk]),
            {
                "on_0": "10",
                "on_1": "12",
                "on_2": "2026",
                "start_time": "10:00",
                "duration_minutes": "60",
                "location": "Room 2",
            },
        )
        record = {**PRE_ABSENCE_RECORD, "held_on_0": "1", "held_on_1": "12", "held_on_2": "2026"}
        client.post(reverse("supervisors:meeting_log", args=[meeting.pk]), record)
        page = client.get(reverse("returners:meeting_detail", args=[meeting.pk])).text
    meeting.refresh_from_db()
    assert meeting.held_on == date(2026, 12, 1)
    assert "Scheduled for" not in page
    assert "Tuesday 1 December 2026" in page
    assert "Had been scheduled for" in page
    assert (
        f"The pre-absence meeting was held on 1 December 2026, before its window opened on "
        f"{meeting.opens_on:%-d %B %Y}." in page
    )
