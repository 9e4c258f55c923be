"""Two people acting at the same moment produce exactly one transition (row lock in PostgreSQL)."""

import threading

import pytest
from django.db import connection

from portal.accounts.models import Role
from portal.workflow.services import AlreadyDone
from requests_ltft import services
from requests_ltft.choices import Status
from tests.factories import local_office, user_with_role
from tests.requests_ltft.conftest import People

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_two_concurrent_approvals_write_one_history_row():
    people = People()
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
