"""KIT and SPLIT days: refused past their limits, in the future and on days that are not
working days, each with a clear message; a mistaken day corrected or removed, audited."""

from datetime import date

import pytest
import time_machine

from portal.audit.models import AuditEvent
from portal.core.exceptions import ApplicationError
from portal.core.workingdays import add_working_days
from returners.models import AbsenceReason, ParentalLeave
from returners.services import kit_day_log, kit_day_remove, kit_day_update
from tests.returners.factories import log_absence

pytestmark = pytest.mark.django_db

START, RETURN = date(2027, 2, 25), date(2027, 8, 25)


@pytest.fixture(autouse=True)
def _today():
    # Late in the absence, so the days logged below have been worked.
    with time_machine.travel("2027-08-20 09:00 +01:00", tick=False):
        yield


def log_days(absence, actor, kind, count, first=date(2027, 4, 1)):
    """`count` working days from `first` (a working day) on."""
    for offset in range(count):
        on = add_working_days(first, offset) if offset else first
        kit_day_log(absence=absence, actor=actor, kind=kind, on=on)


def test_ten_kit_days_in_maternity_leave_and_no_more(people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    log_days(absence, people.trainee, "KIT", 10)
    with pytest.raises(ApplicationError) as refused:
        kit_day_log(absence=absence, actor=people.trainee, kind="KIT", on=date(2027, 6, 1))
    assert refused.value.message == (
        "All 10 KIT days for this maternity leave have been used. "
        "No more than 10 KIT days can be worked."
    )
    assert absence.kit_days.count() == 10


def test_twenty_split_days_in_shared_parental_leave(people):
    absence = log_absence(
        people.membership,
        starts_on=START,
        expected_return_on=RETURN,
        parental_leave=ParentalLeave.SHARED,
    )
    log_days(absence, people.supervisor, "SPLIT", 20)
    with pytest.raises(ApplicationError, match="All 20 SPLIT days"):
        kit_day_log(absence=absence, actor=people.supervisor, kind="SPLIT", on=date(2027, 6, 1))
    with pytest.raises(ApplicationError, match="KIT days can only be logged during maternity"):
        kit_day_log(absence=absence, actor=people.supervisor, kind="KIT", on=date(2027, 6, 2))


def test_split_days_come_on_top_of_kit_days_when_shared_leave_follows(people):
    absence = log_absence(
        people.membership,
        starts_on=START,
        expected_return_on=RETURN,
        parental_leave=ParentalLeave.MATERNITY_THEN_SHARED,
    )
    log_days(absence, people.trainee, "KIT", 10, first=date(2027, 3, 1))
    log_days(absence, people.trainee, "SPLIT", 20, first=date(2027, 4, 1))
    assert absence.kit_days.count() == 30


def test_other_absences_have_no_kit_days(people):
    absence = log_absence(
        people.membership, reason=AbsenceReason.OOPR, starts_on=START, expected_return_on=RETURN
    )
    with pytest.raises(ApplicationError, match="only be logged during maternity or adoption"):
        kit_day_log(absence=absence, actor=people.supervisor, kind="KIT", on=date(2027, 4, 1))


def test_a_day_outside_the_absence_or_twice_is_refused(people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    with pytest.raises(ApplicationError, match="between 25 February 2027 and 24 August 2027"):
        kit_day_log(absence=absence, actor=people.supervisor, kind="KIT", on=RETURN)
    kit_day_log(absence=absence, actor=people.supervisor, kind="KIT", on=date(2027, 4, 1))
    with pytest.raises(ApplicationError, match="already logged for 1 April 2027"):
        kit_day_log(absence=absence, actor=people.supervisor, kind="KIT", on=date(2027, 4, 1))


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2027, 8, 23), "23 August 2027 is in the future. Log a day once it has been worked."),
        (
            date(2027, 4, 10),
            "10 April 2027 is a Saturday. KIT and SPLIT days are working days",
        ),
        (
            date(2027, 5, 3),
            "3 May 2027 is a bank holiday (May Day). KIT and SPLIT days are working days",
        ),
    ],
    ids=["future", "weekend", "bank-holiday"],
)
def test_a_day_not_yet_worked_or_not_a_working_day_is_refused(people, on, message):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    with pytest.raises(ApplicationError) as refused:
        kit_day_log(absence=absence, actor=people.trainee, kind="KIT", on=on)
    assert refused.value.message.startswith(message)
    assert refused.value.extra == {"field": "on"}
    assert absence.kit_days.count() == 0


def test_a_day_can_be_corrected_and_removed_and_the_audit_keeps_what_it_was(people):
    absence = log_absence(people.membership, starts_on=START, expected_return_on=RETURN)
    log_days(absence, people.trainee, "KIT", 10)
    wrong = absence.kit_days.get(on=date(2027, 4, 1))
    # The same rules as logging: not on a weekend, not on a date already logged.
    with pytest.raises(ApplicationError, match="is a Sunday"):
        kit_day_update(day=wrong, actor=people.supervisor, kind="KIT", on=date(2027, 4, 4))
    with pytest.raises(ApplicationError, match="already logged for 2 April 2027"):
        kit_day_update(day=wrong, actor=people.supervisor, kind="KIT", on=date(2027, 4, 2))
    # Moving a day does not count it twice against the limit.
    day = kit_day_update(
        day=wrong, actor=people.supervisor, kind="KIT", on=date(2027, 6, 1), note="Teaching"
    )
    assert (day.on, day.note) == (date(2027, 6, 1), "Teaching")
    kit_day_remove(day=day, actor=people.trainee)
    assert absence.kit_days.count() == 9
    kit_day_log(absence=absence, actor=people.trainee, kind="KIT", on=date(2027, 6, 2))
    events = {
        e.action: e.detail
        for e in AuditEvent.objects.filter(
            action__in=["supportt.kit_day_update", "supportt.kit_day_remove"]
        )
    }
    assert events == {
        "supportt.kit_day_update": {
            "was": {"kind": "KIT", "on": "2027-04-01"},
            "now": {"kind": "KIT", "on": "2027-06-01"},
        },
        "supportt.kit_day_remove": {"kind": "KIT", "on": "2027-06-01"},
    }
