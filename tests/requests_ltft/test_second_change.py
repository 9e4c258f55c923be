"""A second LTFT change after an approved one that has not started yet builds on it: its
current hours and its completion date before the change are those after the approved change
(docs/rules.md §4), and a change starting before the approved one is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.core.dates import add_months
from requests_ltft.eligibility import ltft as rules
from requests_ltft.selectors.ltft import ltft_provisional_cct, ltft_submission_problems
from requests_ltft.services import ltft as services
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(people, approved):
    people.membership.refresh_from_db()
    return services.ltft_application_start(
        trainee=people.membership.trainee, membership=people.membership, actor=people.trainee
    )


def _fields(percent, start):
    return {
        "percent": str(percent),
        "start_date_0": start.day,
        "start_date_1": start.month,
        "start_date_2": start.year,
    }


def test_a_second_change_starts_from_the_approved_hours_and_date(client, people, approved, second):
    assert second.current_percent == 80
    start = add_months(approved.start_date, 3)
    second = services.ltft_draft_update(
        application=second, actor=people.trainee, proposed_percent=60, start_date=start
    )
    assert second.current_percent == 80
    expected = rules.provisional_cct(
        cct_date=approved.provisional_cct_date,
        current_percent=80,
        proposed_percent=60,
        start=start,
        end=None,
    )
    assert ltft_provisional_cct(second) == expected > approved.provisional_cct_date
    sign_in(client, people.trainee)
    check = client.get(reverse("requests_ltft:ltft_check", args=[second.pk])).content.decode()
    assert "80% of full time" in check
    assert f"It is {approved.provisional_cct_date:%-d %B %Y} now" in check


def test_a_change_starting_before_the_approved_one_is_refused(client, people, approved, second):
    early = approved.start_date - timedelta(days=30)
    sign_in(client, people.trainee)
    page = client.post(
        reverse("requests_ltft:ltft_step", args=[second.pk, "change"]), _fields(70, early)
    )
    refusal = f"Your approved change starts on {approved.start_date:%-d %B %Y}"
    assert refusal in page.content.decode()
    services.ltft_draft_update(
        application=second, actor=people.trainee, proposed_percent=70, start_date=early
    )
    second.refresh_from_db()
    problems = ltft_submission_problems(second, today=timezone.localdate())
    assert any(refusal in message for _, message in problems)
