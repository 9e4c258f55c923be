"""Issue 15 item 3: an approved change of hours that has not started yet counts everywhere the
hours on a date matter: the trainee's home and profile, an OOPP's provisional date and the
enhanced supervision after a return (docs/rules.md §4, §8)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from portal.core.dates import add_months
from requests_ltft.eligibility import oopp as oopp_rules
from requests_ltft.selectors.oopp import oopp_provisional_cct
from tests.requests_ltft.factories import OoppApplicationFactory
from tests.returners.factories import log_absence
from tests.signing_in import sign_in
from trainees.working_pattern import completion_date, wte_on

pytestmark = pytest.mark.django_db


def test_the_hours_on_a_date_include_the_approved_change(people, approved):
    membership = people.membership
    membership.refresh_from_db()
    assert wte_on(membership, approved.start_date - timedelta(days=1)) == Decimal("1.00")
    assert wte_on(membership, approved.start_date) == Decimal("0.80")
    assert completion_date(membership) == approved.provisional_cct_date > membership.cct_date


@pytest.mark.parametrize("page", ["trainees:home", "trainees:my_profile"])
def test_home_and_profile_show_the_approved_change(client, people, approved, page):
    sign_in(client, people.trainee)
    text = client.get(reverse(page)).content.decode()
    expected = (
        f"Approved: 80% from {approved.start_date:%-d %B %Y}, provisional completion "
        f"{approved.provisional_cct_date:%-d %B %Y}"
    )
    assert expected in text


def test_an_oopp_builds_on_the_completion_date_after_the_approved_change(people, approved):
    start = add_months(approved.start_date, 2)
    back = add_months(start, 6)
    oopp = OoppApplicationFactory(
        membership=people.membership,
        start_date=start,
        end_date=back - timedelta(days=1),
        intended_return_date=back,
    )
    expected = oopp_rules.provisional_cct(
        cct_date=approved.provisional_cct_date, start=start, return_date=back
    )
    assert oopp_provisional_cct(oopp) == expected
    assert expected > approved.provisional_cct_date


def test_enhanced_supervision_after_a_return_in_the_change_is_pro_rata(people, approved):
    starts = approved.start_date + timedelta(days=30)
    absence = log_absence(
        people.membership, starts_on=starts, expected_return_on=add_months(starts, 6)
    )
    assert absence.plan.es_days == 8  # 80% of the 10 full-time days
