"""The calendar invite is valid RFC 5545: parsed back here line by line."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils import timezone

from returners.ics import escape_text, fold, meeting_invite
from returners.models import MeetingKind
from returners.services import meeting_schedule
from tests.returners.factories import log_absence, meetings_by_kind
from tests.returners.ical import parse, unescape

pytestmark = pytest.mark.django_db


def test_the_invite_parses_back_to_the_meeting(people):
    people.trainee.first_name, people.trainee.last_name = "Priya", "Shah, Jr; MD"
    people.trainee.save(update_fields=["first_name", "last_name"])
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        absence = log_absence(
            people.membership, starts_on=date(2027, 2, 25), expected_return_on=date(2027, 8, 25)
        )
        meeting = meeting_schedule(
            meeting=meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE],
            actor=people.supervisor,
            starts_at=timezone.make_aware(datetime(2027, 1, 20, 14, 0)),
            duration_minutes=45,
            location="Education centre, room 2; level 3",
        )
        text = meeting_invite(meeting, now=timezone.now(), host="portal.example")
    event = parse(text)
    assert event["UID"][0][1] == f"supportt-meeting-{meeting.pk}@portal.example"
    assert event["DTSTAMP"][0][1] == "20270104T090000Z"
    assert event["DTSTART"][0][1] == "20270120T140000Z"
    assert event["DTEND"][0][1] == "20270120T144500Z"
    assert unescape(event["SUMMARY"][0][1]) == ("SuppoRTT pre-absence meeting: Priya Shah, Jr; MD")
    assert unescape(event["LOCATION"][0][1]) == "Education centre, room 2; level 3"
    assert "\n" in unescape(event["DESCRIPTION"][0][1])
    attendees = {value for _params, value in event["ATTENDEE"]}
    assert attendees == {f"mailto:{people.trainee.email}", f"mailto:{people.supervisor.email}"}
    assert event["SEQUENCE"][0][1] == "0"


def test_summer_times_are_converted_to_utc(people):
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        absence = log_absence(
            people.membership, starts_on=date(2027, 2, 25), expected_return_on=date(2027, 8, 25)
        )
        meeting = meeting_schedule(
            meeting=meetings_by_kind(absence)[MeetingKind.PRE_RETURN],
            actor=people.supervisor,
            starts_at=timezone.make_aware(datetime(2027, 6, 10, 9, 30)),  # BST
            duration_minutes=60,
            video_link="https://teams.example/meet/1",
        )
    event = parse(meeting_invite(meeting, now=datetime(2027, 1, 4, tzinfo=UTC), host="h"))
    assert event["DTSTART"][0][1] == "20270610T083000Z"
    assert unescape(event["LOCATION"][0][1]) == "https://teams.example/meet/1"


def test_escaping_and_folding():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    long = "DESCRIPTION:" + "é" * 100
    folded = fold(long)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long
