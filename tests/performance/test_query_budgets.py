"""Every list and detail page runs the same number of SQL queries for 1 row as for 50, within the
budget of 15 (bench/results.md). The queues, the supervisor's home and the return-plan list for the
deanery have theirs beside their other tests; these are the rest.

Each test builds the page with one row of each list it shows, counts, adds 49 more, counts
again, and checks the 50 rows are on the page, so a constant count cannot come from rows that
were not shown."""

import datetime as dt
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role
from portal.notifications.models import Notification
from requests_ltft.choices import Status
from requests_ltft.models import (
    Evidence,
    LtftStatusChange,
    OoppStatusChange,
)
from returners.models import (
    AgreedAction,
    EnhancedSupervisionExtension,
    KeepInTouchDay,
    Meeting,
    MeetingAddendum,
)
from tests.factories import MembershipFactory, local_office, user_with_role
from tests.performance.conftest import absence_with_plan, assert_same_for_1_and_50, measure
from tests.reports.factories import at, make_application
from tests.requests_ltft.factories import LtftApplicationFactory, OoppApplicationFactory
from tests.signing_in import sign_in
from trainees.models import ArcpOutcome, ArcpOutcomeCode

pytestmark = [pytest.mark.django_db]


# --- The trainee's own pages -------------------------------------------------------------


def _trainee_rows(people, count):
    """`count` more of everything the trainee's home lists: LTFT and OOPP applications,
    absences with their plans, and programmes."""
    made = []
    for _ in range(count):
        made.append(LtftApplicationFactory(membership=people.membership, status=Status.WITHDRAWN))
        made.append(
            OoppApplicationFactory(
                membership=people.membership, status=Status.WITHDRAWN, confirmation=False
            )
        )
        other = MembershipFactory(
            trainee=people.membership.trainee, educational_supervisor=people.supervisor
        )
        made.append(absence_with_plan(other, starts_in_days=30))
    return made


def _shows_all(page, rows):
    missing = [row for row in rows if str(row.pk) not in page.text]
    assert not missing, f"{len(missing)} of {len(rows)} rows are not on the page"


def test_the_trainee_home(client, people):
    sign_in(client, people.trainee)
    rows = _trainee_rows(people, 1)
    one = measure(client, reverse("trainees:home"))
    rows += _trainee_rows(people, 49)
    fifty = measure(client, reverse("trainees:home"))
    # Applications link to their pages; absences to theirs.
    _shows_all(fifty, rows)
    assert_same_for_1_and_50(one, fifty)


@pytest.mark.parametrize("kind", ["ltft", "oopp"])
def test_the_trainees_list_of_applications(client, people, kind):
    sign_in(client, people.trainee)
    url = reverse(f"requests_ltft:{kind}_list")
    _trainee_rows(people, 1)
    one = measure(client, url)
    _trainee_rows(people, 49)
    fifty = measure(client, url)
    assert fifty.text.count(f'href="/applications/{kind}/') >= 50
    assert_same_for_1_and_50(one, fifty)


def test_the_trainees_profile(client, people):
    sign_in(client, people.trainee)
    url = reverse("trainees:my_profile")
    outcome = ArcpOutcomeCode.objects.get(code="1")

    def more(count):
        for index in range(count):
            membership = MembershipFactory(trainee=people.membership.trainee)
            ArcpOutcome.objects.create(
                trainee=people.membership.trainee,
                programme=membership.programme,
                outcome=outcome,
                awarded_on=dt.date(2025, 6, 1) + timedelta(days=index),
            )

    more(1)
    one = measure(client, url)
    more(49)
    fifty = measure(client, url)
    assert fifty.text.count('class="nhsuk-card__heading"') >= 51  # every programme
    assert_same_for_1_and_50(one, fifty)


# --- Application pages ------------------------------------------------------------------


_EVIDENCE_FIELD = {LtftStatusChange: "ltft_application", OoppStatusChange: "oopp_application"}


def _history_and_files(application, people, count, *, history_model):
    """`count` more status changes (each by a different person, so the timeline joins them)
    and uploaded files; and `count` more deanery reviewers to choose a case owner from."""
    for _index in range(count):
        actor = user_with_role(Role.Kind.TPD)
        history_model.objects.create(
            application=application,
            from_status=Status.SUBMITTED,
            to_status=Status.SUBMITTED,
            transition="submit",
            actor=actor,
            actor_role="TPD",
            reason=f"Timeline entry {actor.pk}",
            revision=1,
        )
        Evidence.objects.create(
            **{_EVIDENCE_FIELD[history_model]: application},
            file=f"evidence/test-{actor.pk}.pdf",
            original_name=f"file-{actor.pk}.pdf",
            extension=".pdf",
            content_type="application/pdf",
            size=1000,
            uploaded_by=people.trainee,
        )
        user_with_role(Role.Kind.DEANERY, local_office("HENW"))


_KINDS = {
    "ltft": (LtftApplicationFactory, LtftStatusChange),
    "oopp": (OoppApplicationFactory, OoppStatusChange),
}
# Everyone who may open each kind: an LTFT application is not the supervisor's (rules.md §11).
_READERS = {
    "ltft": ["trainee", "tpd", "deanery", "admin"],
    "oopp": ["trainee", "supervisor", "tpd", "deanery", "admin"],
}


@pytest.mark.parametrize(
    ("kind", "viewer"), [(kind, viewer) for kind, viewers in _READERS.items() for viewer in viewers]
)
def test_an_application_page(client, people, viewer, kind):
    factory, history_model = _KINDS[kind]
    extra = {"confirmation": False} if kind == "oopp" else {}
    application = factory(
        membership=people.membership,
        status=Status.TPD_SUPPORTED,
        submitted_at=timezone.now(),
        **extra,
    )
    sign_in(client, getattr(people, viewer))
    url = reverse(f"requests_ltft:{kind}_detail", args=[application.pk])
    _history_and_files(application, people, 1, history_model=history_model)
    one = measure(client, url)
    _history_and_files(application, people, 49, history_model=history_model)
    fifty = measure(client, url)
    assert fifty.text.count("Timeline entry") == 50
    assert_same_for_1_and_50(one, fifty)


def test_the_supervisors_list_of_oopp_applications(client, people):
    sign_in(client, people.supervisor)
    url = reverse("requests_ltft:oopp_supervision")

    def more(count):
        return [
            OoppApplicationFactory(
                membership=MembershipFactory(educational_supervisor=people.supervisor),
                status=Status.SUBMITTED,
                submitted_at=timezone.now(),
                confirmation=False,
            )
            for _ in range(count)
        ]

    rows = more(1)
    one = measure(client, url)
    rows += more(49)
    fifty = measure(client, url)
    _shows_all(fifty, rows)
    assert_same_for_1_and_50(one, fifty)


# --- Return to training -----------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["supervisor", "tpd"])
def test_the_list_of_return_plans(client, people, viewer):
    sign_in(client, getattr(people, viewer))
    url = reverse("returners:plan_list")

    def more(count):
        return [
            absence_with_plan(
                MembershipFactory(
                    programme=people.programme, educational_supervisor=people.supervisor
                ),
                starts_in_days=10 + index,
            )
            for index in range(count)
        ]

    more(1)
    one = measure(client, url)
    more(49)
    fifty = measure(client, url)
    assert fifty.text.count('href="/return-to-training/absences/') >= 50
    assert_same_for_1_and_50(one, fifty)


def test_an_absence_page(client, people):
    absence = absence_with_plan(people.membership, starts_in_days=-30)
    sign_in(client, people.supervisor)
    url = reverse("returners:absence_detail", args=[absence.pk])

    def more(count, start):
        for index in range(start, start + count):
            KeepInTouchDay.objects.create(
                absence=absence,
                kind=KeepInTouchDay.Kind.KIT,
                on=absence.starts_on + timedelta(days=index),
                note=f"Keeping in touch {index}",
                logged_by=people.supervisor,
            )
            EnhancedSupervisionExtension.objects.create(
                plan=absence.plan, days=1, reason=f"Extension {index}", recorded_by=people.tpd
            )

    more(1, 0)
    one = measure(client, url)
    more(49, 1)
    fifty = measure(client, url)
    assert fifty.text.count("Keeping in touch ") == 50
    assert_same_for_1_and_50(one, fifty)


@pytest.mark.parametrize("viewer", ["trainee", "supervisor", "tpd"])
def test_a_meeting_page(client, people, viewer):
    absence = absence_with_plan(people.membership, starts_in_days=-30)
    meeting = absence.plan.meetings.get(kind="PRE_ABSENCE")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.SIGNED_OFF,
        held_on=meeting.due_on,
        logged_by=people.supervisor,
        signed_off_by=people.supervisor,
        signed_off_at=timezone.now(),
    )
    sign_in(client, getattr(people, viewer))
    url = reverse("returners:meeting_detail", args=[meeting.pk])

    def more(count, start):
        for index in range(start, start + count):
            AgreedAction.objects.create(
                meeting=meeting, description=f"Agreed action {index}", owner="TRAINEE"
            )
            # Each addendum by someone else, so the page must join their names.
            MeetingAddendum.objects.create(
                meeting=meeting,
                author=user_with_role(Role.Kind.SUPERVISOR),
                text=f"Addendum {index}",
            )

    more(1, 0)
    one = measure(client, url)
    more(49, 1)
    fifty = measure(client, url)
    assert fifty.text.count("Agreed action ") == 50
    assert fifty.text.count("Addendum ") >= 50
    assert_same_for_1_and_50(one, fifty)


# --- Everyone's pages -------------------------------------------------------------------


def test_the_notifications_list(client, people):
    sign_in(client, people.tpd)
    url = reverse("notifications:list")

    def more(count):
        Notification.objects.bulk_create(
            Notification(
                recipient=people.tpd,
                channel=Notification.Channel.IN_APP,
                subject=f"Message {index}",
                body_text="An application is waiting for you.",
                link_url="/applications/tpd/",
                status=Notification.Status.SENT,
                sent_at=timezone.now(),
            )
            for index in range(count)
        )

    more(1)
    one = measure(client, url)
    more(49)
    fifty = measure(client, url)
    assert fifty.text.count("Message ") >= 20  # a full page of them
    assert_same_for_1_and_50(one, fifty)


def _report_with(people, count):
    for _ in range(count):
        make_application(
            MembershipFactory(programme=people.programme),
            history=[("submit", at(2025, 5, 2)), ("approve", at(2025, 5, 9))],
        )


def test_the_report_page_runs_the_same_queries_for_1_and_50_applications(client, people):
    """Its exact count, section by section, is pinned in tests/reports."""
    sign_in(client, people.admin)
    url = reverse("reports:home")
    _report_with(people, 1)
    one = measure(client, url, quarter="2025-Q1")
    _report_with(people, 49)
    fifty = measure(client, url, quarter="2025-Q1")
    assert 'data-figure="received"' in fifty.text
    assert_same_for_1_and_50(one, fifty, budget=fifty.count)


def test_the_report_page_is_within_the_budget(client, people):
    sign_in(client, people.admin)
    _report_with(people, 1)
    page = measure(client, reverse("reports:home"), quarter="2025-Q1")
    assert_same_for_1_and_50(page, page)
