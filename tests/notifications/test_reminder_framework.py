"""The reminder framework, driven by two test-only rules about a programme's start date: a
reminder to the trainee three working days before, and an escalation to the programme's TPDs
five working days after it. The clock is moved with time-machine."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from portal.accounts.models import TpdDeputy
from portal.core.workingdays import add_working_days
from portal.notifications import reminders as framework
from portal.notifications.audiences import Audience
from portal.notifications.models import Notification, ReminderSent
from portal.notifications.reminders import (
    Reminder,
    ReminderRule,
    ReminderRulesFailed,
    register,
    registered_rules,
    reminders_send_due,
    unregister,
)
from portal.notifications.tasks import reminders_send_due as reminders_send_due_task
from portal.notifications.thresholds import DEFAULTS, threshold, threshold_values
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory
from trainees.models import ProgrammeMembership

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")

START = date(2026, 3, 16)  # a Monday
REMIND_ON = date(2026, 3, 11)  # three working days before: Wednesday
ESCALATE_ON = date(2026, 3, 23)  # five working days after: the next Monday


class StartReminder(ReminderRule):
    name = "test.programme_start_reminder"
    days_before = 3

    def reminders(self, *, today):
        horizon = add_working_days(today, self.days_before)
        starting = ProgrammeMembership.objects.filter(
            start_date__gte=today, start_date__lte=horizon
        ).select_related("trainee__user")
        for membership in starting:
            yield Reminder(
                obj=membership,
                due_on=membership.start_date,
                send_on=add_working_days(membership.start_date, -self.days_before),
                stale_after=membership.start_date,
                notice="test_message",
                to={Audience.USER: [membership.trainee.user]},
                context={
                    "title": "Your programme starts soon",
                    "message": f"You start on {membership.start_date:%-d %B %Y}.",
                },
                link_path="/trainee/",
            )


class StartEscalation(ReminderRule):
    name = "test.programme_start_escalation"
    days_after = 5

    def reminders(self, *, today):
        # Everything that started at least five working days ago: catch-up comes for free.
        started = ProgrammeMembership.objects.filter(
            start_date__lte=add_working_days(today, -self.days_after)
        ).prefetch_related("programme__tpds")
        for membership in started:
            yield Reminder(
                obj=membership,
                due_on=membership.start_date,
                send_on=add_working_days(membership.start_date, self.days_after),
                notice="test_message",
                to={Audience.USER: list(membership.programme.tpds.all())},
                context={
                    "title": "A trainee's start needs checking",
                    "message": "Please check the trainee has started.",
                    "action_text": "Check the trainee",
                },
                link_path=f"/trainee/{membership.trainee_id}/",
            )


RULES = [StartReminder(), StartEscalation()]


def run_on(day: date, rules=RULES):
    with time_machine.travel(datetime(day.year, day.month, day.day, 7, 0, tzinfo=LONDON)):
        return reminders_send_due(rules=rules)


def emails(subject=None):
    rows = Notification.objects.filter(channel="EMAIL")
    return rows.filter(subject=subject) if subject else rows


@pytest.fixture
def tpd(db):
    return UserFactory(first_name="Tess", email="tpd@example.nhs.uk")


@pytest.fixture
def starter(tpd):
    programme = ProgrammeFactory(tpds=[tpd])
    return MembershipFactory(programme=programme, start_date=START)


def test_nothing_is_sent_before_its_time(starter):
    assert run_on(date(2026, 3, 10)) == {StartReminder.name: 0, StartEscalation.name: 0}
    assert not Notification.objects.exists()
    assert not ReminderSent.objects.exists()


def test_it_is_sent_on_time_by_email_and_in_the_portal(starter):
    assert run_on(REMIND_ON)[StartReminder.name] == 1
    email = emails().get()
    assert email.recipient == starter.trainee.user
    assert email.status == "PENDING"
    assert "You start on 16 March 2026." in email.body_text
    assert email.link_url == "/trainee/"
    assert Notification.objects.filter(channel="IN_APP", recipient=email.recipient).count() == 1
    entry = ReminderSent.objects.get()
    assert (entry.rule, entry.object_type, entry.object_id, entry.due_on) == (
        StartReminder.name,
        "trainees.programmemembership",
        str(starter.pk),
        START,
    )
    assert entry.recipient_count == 1


def test_it_is_never_repeated(starter):
    run_on(REMIND_ON)
    assert run_on(REMIND_ON)[StartReminder.name] == 0
    assert run_on(date(2026, 3, 12))[StartReminder.name] == 0
    assert run_on(date(2026, 3, 13))[StartReminder.name] == 0
    assert emails().count() == 1
    assert ReminderSent.objects.count() == 1


def test_it_escalates_to_the_tpd_when_overdue_and_only_once(starter, tpd):
    run_on(REMIND_ON)
    assert run_on(date(2026, 3, 20))[StartEscalation.name] == 0  # four working days after
    assert run_on(ESCALATE_ON)[StartEscalation.name] == 1
    escalation = emails("A trainee's start needs checking").get()
    assert escalation.recipient == tpd
    assert ">Check the trainee</a>" in escalation.body_html
    assert run_on(date(2026, 3, 24))[StartEscalation.name] == 0
    assert emails().count() == 2  # the reminder and the escalation, each once


def test_a_missed_day_is_caught_up_on_the_next_run(starter, tpd):
    # The sweep did not run on the day the escalation fell due (worker down, say).
    assert run_on(date(2026, 3, 25))[StartEscalation.name] == 1


def test_a_reminder_past_its_use_is_not_sent(tpd):
    # Created after its reminder day: the programme already started, so "starts soon" is stale.
    MembershipFactory(programme=ProgrammeFactory(tpds=[tpd]), start_date=date(2026, 3, 9))
    assert run_on(date(2026, 3, 10))[StartReminder.name] == 0


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 3, 14),  # Saturday
        date(2026, 3, 15),  # Sunday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
    ],
)
def test_nothing_goes_out_on_weekends_or_bank_holidays(day, tpd):
    MembershipFactory(programme=ProgrammeFactory(tpds=[tpd]), start_date=date(2026, 3, 1))
    assert run_on(day) == {}
    assert not Notification.objects.exists()


def test_the_working_day_after_a_bank_holiday_catches_up(tpd):
    # Due on 31 March; Good Friday and Easter Monday pass; sent on Tuesday 7 April.
    MembershipFactory(programme=ProgrammeFactory(tpds=[tpd]), start_date=date(2026, 3, 24))
    assert add_working_days(date(2026, 3, 24), 5) == date(2026, 3, 31)
    assert run_on(date(2026, 4, 7))[StartEscalation.name] == 1


def test_with_no_one_to_tell_nothing_is_recorded_until_someone_is(starter, tpd):
    programme = starter.programme
    programme.tpds.clear()
    assert run_on(ESCALATE_ON)[StartEscalation.name] == 0
    assert not ReminderSent.objects.filter(rule=StartEscalation.name).exists()
    programme.tpds.add(tpd)
    assert run_on(date(2026, 3, 24))[StartEscalation.name] == 1


def test_a_new_due_date_is_a_new_reminder(starter):
    run_on(REMIND_ON)
    starter.start_date = date(2026, 3, 23)
    starter.save(update_fields=["start_date"])
    assert run_on(date(2026, 3, 18))[StartReminder.name] == 1
    assert emails().count() == 2


def test_several_recipients_each_get_one(starter, tpd):
    deputy = UserFactory()
    starter.programme.tpds.add(deputy)
    run_on(ESCALATE_ON)
    assert sorted(r.recipient_id for r in emails()) == sorted([tpd.pk, deputy.pk])
    assert ReminderSent.objects.get(rule=StartEscalation.name).recipient_count == 2


def test_one_broken_rule_does_not_stop_the_others(starter):
    class Broken(ReminderRule):
        name = "test.broken"

        def reminders(self, *, today):
            raise RuntimeError("bug in a rule")

    with pytest.raises(ReminderRulesFailed, match="test.broken"):
        run_on(REMIND_ON, rules=[Broken(), StartReminder()])
    assert emails().count() == 1


def test_the_writes_do_not_grow_with_the_number_of_reminders(
    tpd, django_assert_max_num_queries, django_assert_num_queries
):
    programme = ProgrammeFactory(tpds=[tpd])
    MembershipFactory.create_batch(2, programme=programme, start_date=START)
    with django_assert_max_num_queries(20) as few:
        run_on(REMIND_ON, rules=[StartReminder()])
    ProgrammeMembership.objects.update(start_date=date(2026, 3, 17))
    MembershipFactory.create_batch(8, programme=programme, start_date=date(2026, 3, 17))
    with django_assert_num_queries(len(few.captured_queries)):
        assert run_on(date(2026, 3, 12), rules=[StartReminder()])[StartReminder.name] == 10


def test_the_daily_task_runs_the_registered_rules(starter):
    register(StartReminder)
    try:
        assert StartReminder.name in {rule.name for rule in registered_rules()}
        with time_machine.travel(datetime(2026, 3, 11, 7, 0, tzinfo=LONDON)):
            result = reminders_send_due_task.apply().get()
        assert result[StartReminder.name] == 1
    finally:
        unregister(StartReminder.name)


def test_rules_need_a_unique_name():
    class Nameless(ReminderRule):
        pass

    with pytest.raises(ValueError, match="name"):
        register(Nameless)

    class Impostor(ReminderRule):
        name = StartReminder.name

    register(StartReminder)
    try:
        with pytest.raises(ValueError, match="Two reminder rules"):
            register(Impostor)
    finally:
        unregister(StartReminder.name)


def test_test_rules_do_not_leak_into_the_registry():
    assert not [r for r in registered_rules() if r.name.startswith("test.")]
    assert framework.BATCH_SIZE >= 100


# Thresholds


def test_thresholds_have_defaults_and_can_be_overridden_nationally_and_per_office(settings):
    assert threshold("tpd_nudge_working_days") == DEFAULTS["tpd_nudge_working_days"] == 5
    settings.REMINDER_THRESHOLDS = {"tpd_nudge_working_days": 4}
    settings.REMINDER_THRESHOLDS_BY_OFFICE = {"HENW": {"tpd_nudge_working_days": 3}}
    assert threshold("tpd_nudge_working_days") == 4
    assert threshold("tpd_nudge_working_days", local_office="HENW") == 3
    assert threshold("tpd_nudge_working_days", local_office="LDN") == 4
    assert threshold_values("tpd_nudge_working_days") == {3, 4}


def test_an_unknown_threshold_is_an_error():
    with pytest.raises(KeyError):
        threshold("tpd_nudge_workingdays")


# Two sweeps at once (PostgreSQL: the second waits on the first's unique index entries)


class DeputyReminder(ReminderRule):
    """Deputies need no reference data, which a transactional test may lack (see the report
    on serialized rollback after browser tests)."""

    name = "test.deputy_reminder"

    def reminders(self, *, today):
        for deputy in TpdDeputy.objects.select_related("deputy"):
            yield Reminder(
                obj=deputy,
                due_on=deputy.starts_on,
                send_on=add_working_days(deputy.starts_on, -3),
                notice="test_message",
                to={Audience.USER: [deputy.deputy]},
                context={"title": "You start deputising soon", "message": "Soon."},
            )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_sweeps_at_once_send_each_reminder_once(tpd):
    for user in UserFactory.create_batch(15):
        TpdDeputy.objects.create(tpd=tpd, deputy=user, starts_on=START, ends_on=START)
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(reminders_send_due(today=REMIND_ON, rules=[DeputyReminder()]))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(r[DeputyReminder.name] for r in results) == 15
    assert ReminderSent.objects.count() == 15
    assert emails().count() == 15
    assert emails().values("recipient").distinct().count() == 15
