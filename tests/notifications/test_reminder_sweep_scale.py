"""The daily sweep over the scale data set: every rule reads with a fixed number of queries,
so ten times the trainees (and ten times the reminders) costs the same number of queries.
`python -m bench.sweep --trainees 60000` measures the same at national scale."""

from datetime import date

import pytest
from django.db import connection, transaction

from bench import sweep as sweep_command
from bench.reminder_workload import SITUATION_NAMES, seed_reminder_workload
from bench.trainees import seed_scale
from portal.notifications.measure import measure_sweep
from portal.notifications.reminders import registered_rules

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 11)  # a Wednesday
EVERY = len(SITUATION_NAMES) + 1  # so 20 trainees already cover every situation


def sweep(trainees: int):
    """Seed `trainees`, sweep twice, and undo it all; what each sweep cost."""
    with transaction.atomic():
        seed_scale(trainees, lambda done, total: None)
        added = seed_reminder_workload(today=TODAY, every=EVERY)
        first = measure_sweep(today=TODAY)
        again = measure_sweep(today=TODAY)
        transaction.set_rollback(True)
    return added, first, again


def by_rule(costs, what):
    return {c.rule: getattr(c, what) for c in costs}


def test_the_sweep_costs_the_same_queries_for_ten_times_the_trainees():
    small_added, small, small_again = sweep(20)
    large_added, large, large_again = sweep(200)
    assert min(small_added.values()) >= 1
    assert sum(large_added.values()) > 5 * sum(small_added.values())

    rules = {rule.name for rule in registered_rules()}
    sent_small, sent_large = by_rule(small, "sent"), by_rule(large, "sent")
    assert set(sent_small) == rules
    # Every rule has something to send at both sizes, and more of it at the larger one.
    assert all(sent_small[name] >= 1 for name in rules), sent_small
    assert all(sent_large[name] > sent_small[name] for name in rules), (sent_small, sent_large)

    # What each rule reads does not depend on the number of rows.
    assert by_rule(large, "reads") == by_rule(small, "reads")
    assert max(by_rule(small, "reads").values()) <= 6
    if connection.vendor == "postgresql":
        # Nor, there, does the whole sweep: one INSERT per table per batch of 500 reminders.
        # (SQLite splits an INSERT every 999 parameters, so it needs more as messages grow.)
        assert by_rule(large, "queries") == by_rule(small, "queries")
    # The second sweep of the day sends nothing, and costs the same at both sizes.
    assert set(by_rule(small_again, "sent").values()) == {0}
    assert by_rule(large_again, "queries") == by_rule(small_again, "queries")


def test_the_measuring_command_reports_each_rule_and_rolls_back(capsys):
    args = ["--trainees", "20", "--every", str(EVERY), "--date", TODAY.isoformat()]
    assert sweep_command.main(args) == 0
    out = capsys.readouterr().out
    assert "first run" in out and "second run, same day" in out
    for rule in registered_rules():
        assert rule.name in out
    from portal.notifications.models import ReminderSent

    assert not ReminderSent.objects.exists()
