"""Row locks keep the limits true when two people act at the same moment (PostgreSQL)."""

import threading
from datetime import date

import pytest
import time_machine
from django.db import connection

from portal.core.exceptions import ApplicationError
from returners.services import kit_day_log
from tests.personas import build_personas
from tests.returners.factories import log_absence

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_two_people_logging_the_last_kit_day_at_once_cannot_both_succeed():
    with time_machine.travel("2027-08-20 09:00 +01:00", tick=True):
        people = build_personas()
        absence = log_absence(
            people.membership, starts_on=date(2027, 2, 25), expected_return_on=date(2027, 8, 25)
        )
        # Nine working days from 1 April 2027 (a Thursday).
        for day in (1, 2, 5, 6, 7, 8, 9, 12, 13):
            kit_day_log(absence=absence, actor=people.supervisor, kind="KIT", on=date(2027, 4, day))
        barrier = threading.Barrier(2)
        outcomes = []

        def log_tenth(on, actor):
            try:
                barrier.wait()
                kit_day_log(absence=absence, actor=actor, kind="KIT", on=on)
                outcomes.append("logged")
            except ApplicationError as error:
                outcomes.append(error.message)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=log_tenth, args=(date(2027, 5, 4), people.supervisor)),
            threading.Thread(target=log_tenth, args=(date(2027, 5, 5), people.trainee)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes)[1] == "logged"
    assert "All 10 KIT days" in sorted(outcomes)[0]
    assert absence.kit_days.count() == 10
