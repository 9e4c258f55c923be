"""What the SuppoRTT pages say (issue 15, item 18)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from returners.forms.absences import EnhancedSupervisionExtendForm
from returners.models import MeetingKind
from tests.nhsuk.conftest import parse
from tests.returners.factories import log_absence, meetings_by_kind
from tests.signing_in import sign_in

pytestmark = [pytest.mark.django_db]


def test_the_reason_for_an_extension_reads_naturally():
    form = EnhancedSupervisionExtendForm(data={"days": "5", "reason": ""})
    assert form.errors["reason"] == ["Enter the reason for the extension"]


@pytest.mark.parametrize(("days_after_opening", "status"), [(-1, "Not due yet"), (0, "Due")])
def test_a_meetings_status_is_said_once(client, people, days_after_opening, status):
    """The page read "Due Due by 28 January 2027"."""
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        absence = log_absence(
            people.membership, starts_on=date(2027, 2, 25), expected_return_on=date(2027, 8, 25)
        )
    meeting = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    when = (meeting.opens_on + timedelta(days=days_after_opening)).isoformat()
    with time_machine.travel(f"{when} 09:00 +00:00", tick=False):
        sign_in(client, people.supervisor)
        response = client.get(reverse("returners:meeting_detail", args=[meeting.pk]))
    main = parse(response.text).find("main")
    assert f"Status: {status}" in main.text()
    assert "Due Due" not in main.text() and "Not due yet Due" not in main.text()
    tag = main.find(class_="nhsuk-tag")
    assert tag.text() == status and "nhsuk-u-nowrap" in tag.classes
