"""KIT and SPLIT days, refused past their limits with a clear message."""

from datetime import date, timedelta

import pytest
import time_machine

from portal.core.exceptions import ApplicationError
from returners.models import AbsenceReason, ParentalLeave
from returners.services import kit_day_log
from tests.returners.factories import log_absence

pytestmark = pytest.mark.django_db

START, RETURN = date(2027, 2, 25), date(2027, 8, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        yield


def log_days(absence, actor, kind, count, first=date(2027, 4, 1)):
    for offset in range(count):
        kit_day_log(absence=absence, actor=actor, kind=kind, on=first + timedelta(days=offset))


def test_ten_kit_days_in_maternity_leave_and_no_more(world):
    absence = log_absence(world.membership, starts_on=START, expected_return_on=RETURN)
    log_days(absence, world.trainee.user, "KIT", 10)
    with pytest.raises(ApplicationError) as refused:
        kit_day_log(absence=absence, actor=world.trainee.user, kind="KIT", on=date(2027, 6, 1))
    assert refused.value.message == (
        "All 10 KIT days for this maternity leave have been used. "
        "No more than 10 KIT days can be worked."
    )
    assert absence.kit_days.count() == 10


def test_twenty_split_days_in_shared_parental_leave(world):
    absence = log_absence(
        world.membership,
        starts_on=START,
        expected_return_on=RETURN,
        parental_leave=ParentalLeave.SHARED,
    )
    log_days(absence, world.supervisor, "SPLIT", 20)
    with pytest.raises(ApplicationError, match="All 20 SPLIT days"):
        kit_day_log(absence=absence, actor=world.supervisor, kind="SPLIT", on=date(2027, 6, 1))
    with pytest.raises(ApplicationError, match="KIT days can only be logged during maternity"):
        kit_day_log(absence=absence, actor=world.supervisor, kind="KIT", on=date(2027, 6, 2))


def test_split_days_come_on_top_of_kit_days_when_shared_leave_follows(world):
    absence = log_absence(
        world.membership,
        starts_on=START,
        expected_return_on=RETURN,
        parental_leave=ParentalLeave.MATERNITY_THEN_SHARED,
    )
    log_days(absence, world.trainee.user, "KIT", 10, first=date(2027, 3, 1))
    log_days(absence, world.trainee.user, "SPLIT", 20, first=date(2027, 4, 1))
    assert absence.kit_days.count() == 30


def test_other_absences_have_no_kit_days(world):
    absence = log_absence(
        world.membership, reason=AbsenceReason.OOPR, starts_on=START, expected_return_on=RETURN
    )
    with pytest.raises(ApplicationError, match="only be logged during maternity or adoption"):
        kit_day_log(absence=absence, actor=world.supervisor, kind="KIT", on=date(2027, 4, 1))


def test_a_day_outside_the_absence_or_twice_is_refused(world):
    absence = log_absence(world.membership, starts_on=START, expected_return_on=RETURN)
    with pytest.raises(ApplicationError, match="between 25 February 2027 and 24 August 2027"):
        kit_day_log(absence=absence, actor=world.supervisor, kind="KIT", on=RETURN)
    kit_day_log(absence=absence, actor=world.supervisor, kind="KIT", on=date(2027, 4, 1))
    with pytest.raises(ApplicationError, match="already logged for 1 April 2027"):
        kit_day_log(absence=absence, actor=world.supervisor, kind="KIT", on=date(2027, 4, 1))
