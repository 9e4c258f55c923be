"""Two people acting at the same moment produce exactly one transition (row lock in PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from portal.accounts.models import Role
from portal.core.exceptions import ApplicationError
from portal.workflow.services import AlreadyDone
from requests_ltft.choices import Status
from requests_ltft.services import ltft as services
from requests_ltft.services import oopp as oopp_services
from tests.factories import local_office, user_with_role
from tests.requests_ltft.factories import OoppApplicationFactory, personas_with_application

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_two_concurrent_approvals_write_one_history_row():
    people = personas_with_application()
    app = services.ltft_submit(application=people.application, actor=people.trainee)
    app = services.ltft_tpd_support(application=app, actor=people.tpd)
    second_reviewer = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
    start = threading.Barrier(2)
    outcomes = []

    def approve(actor):
        try:
            start.wait()
            services.ltft_approve(application=app, actor=actor)
            outcomes.append("approved")
        except AlreadyDone:
            outcomes.append("already done")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(who,)) for who in (people.deanery, second_reviewer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["already done", "approved"]
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    assert app.status_changes.filter(to_status=Status.APPROVED).count() == 1


def _race(actors, act):
    """Run `act(actor)` in one thread per actor, released together; returns the outcomes."""
    start = threading.Barrier(len(actors))
    outcomes = []

    def run(actor):
        try:
            start.wait()
            outcomes.append(act(actor))
        except ApplicationError as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes, key=str)


def test_two_concurrent_oopp_approvals_write_one_history_row(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    people = personas_with_application(OoppApplicationFactory)
    app = oopp_services.oopp_submit(application=people.application, actor=people.trainee)
    app = oopp_services.oopp_tpd_support(application=app, actor=people.tpd)
    second_reviewer = user_with_role(Role.Kind.DEANERY, local_office("HENW"))

    outcomes = _race(
        [people.deanery, second_reviewer],
        lambda actor: oopp_services.oopp_approve(application=app, actor=actor).status,
    )
    assert outcomes == ["APPROVED", "AlreadyDone"]
    assert app.status_changes.filter(to_status=Status.APPROVED).count() == 1


def test_two_concurrent_arcp_decisions_credit_the_cct_date_once(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    people = personas_with_application(OoppApplicationFactory)
    app = oopp_services.oopp_submit(application=people.application, actor=people.trainee)
    app = oopp_services.oopp_tpd_support(application=app, actor=people.tpd)
    app = oopp_services.oopp_approve(application=app, actor=people.deanery)
    oopp_services.oopp_apply_due_transitions(today=app.intended_return_date)
    app.refresh_from_db()
    with_pause = app.membership.cct_date
    second_reviewer = user_with_role(Role.Kind.DEANERY, local_office("HENW"))

    outcomes = _race(
        [people.deanery, second_reviewer],
        lambda actor: (
            oopp_services.oopp_recognition_record(
                application=app, actor=actor, days=90
            ).recognised_days
        ),
    )
    assert outcomes == [90, "ApplicationError"] or outcomes == ["ApplicationError", 90]
    app.refresh_from_db()
    assert app.membership.cct_date == with_pause - timedelta(days=90)
